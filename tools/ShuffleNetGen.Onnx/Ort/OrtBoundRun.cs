using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace ShuffleNetGen.Onnx.Ort;

/// <summary>An input and an output array pinned as ORT tensors once (<see cref="OrtSession.Bind"/>); <see cref="Run"/> allocates nothing.</summary>
public sealed class OrtBoundRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly IReadOnlyCollection<string> _inputNames;
    private readonly IReadOnlyCollection<string> _outputNames;
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    internal OrtBoundRun(InferenceSession session, RunOptions runOptions, IReadOnlyCollection<string> inputNames, IReadOnlyCollection<string> outputNames, OrtValue input, OrtValue output)
    {
        _session = session;
        _runOptions = runOptions;
        _inputNames = inputNames;
        _outputNames = outputNames;
        _inputs = [input];
        _outputs = [output];
    }

    /// <summary>Runs the bound input; the logits land in the bound output array.</summary>
    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        _inputs[0].Dispose();
        _outputs[0].Dispose();
    }
}
