using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.OnnxRuntime;

namespace ShuffleNetGen.Onnx.Ort;

/// <summary>
/// One ONNX model loaded in ONNX Runtime (CPU) through the Microsoft.ML.OnnxRuntime package, in this process: the way a .NET
/// user runs it. All graph optimisations; sequential execution with the intra-op threads asked for. Dispose to free the session.
/// </summary>
public sealed class OrtSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    /// <summary>Creates the session for <paramref name="modelPath"/> (input [N, channels, height, width]).</summary>
    /// <param name="intraOpThreads">ONNX Runtime's <c>IntraOpNumThreads</c>; 1 compares against one core.</param>
    /// <exception cref="InvalidOperationException">ONNX Runtime rejects the model; the message starts with "ONNX Runtime:".</exception>
    public OrtSession(string modelPath, int channels, int height, int width, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intraOpThreads);
        Channels = channels;
        Height = height;
        Width = width;

        _session = Create(Path.GetFullPath(modelPath), intraOpThreads);
        _inputNames = [Only(_session.InputNames, "input")];
        _outputNames = [Only(_session.OutputNames, "output")];
    }

    /// <summary>The version of the native ONNX Runtime library loaded, e.g. "1.31.1".</summary>
    public static string Version => OrtEnv.Instance().GetVersionString();

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>Runs <paramref name="batch"/> images (NCHW float32) and returns the logits, [batch, classes] row-major.</summary>
    public float[] Run(float[] input, int batch)
    {
        CheckInput(input, batch);
        using OrtValue tensor = OrtValue.CreateTensorValueFromMemory(input, Shape(batch));
        using var outputs = _session.Run(_runOptions, _inputNames, [tensor], _outputNames);
        ReadOnlySpan<float> logits = outputs[0].GetTensorDataAsSpan<float>();
        long[] dims = outputs[0].GetTensorTypeAndShape().Shape;
        if (dims.Length != 2 || dims[0] != batch)
        {
            throw new InvalidOperationException($"ONNX Runtime returned logits of shape [{string.Join(", ", dims)}]; expected [{batch}, classes].");
        }
        return logits.ToArray();
    }

    /// <summary>
    /// Binds <paramref name="input"/> and <paramref name="output"/> once, so that each <see cref="OrtBoundRun.Run"/> is one
    /// <c>InferenceSession.Run</c> into a preallocated output: what a .NET user timing ORT at its best writes.
    /// </summary>
    public OrtBoundRun Bind(float[] input, float[] output, int batch)
    {
        CheckInput(input, batch);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length == 0 || output.Length % batch != 0)
        {
            throw new ArgumentException($"Output holds {output.Length} floats; it needs batch {batch} × classes.", nameof(output));
        }
        return new OrtBoundRun(_session, _runOptions, _inputNames, _outputNames,
            OrtValue.CreateTensorValueFromMemory(input, Shape(batch)),
            OrtValue.CreateTensorValueFromMemory(output, [batch, output.Length / batch]));
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static InferenceSession Create(string modelPath, int intraOpThreads)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidOperationException($"ONNX Runtime: {ex.Message}", ex);
        }
    }

    /// <summary>The one name in <paramref name="names"/>: the exported models have one input (the images) and one output (the logits).</summary>
    private static string Only(IReadOnlyList<string> names, string what) => names.Count == 1
        ? names[0]
        : throw new InvalidOperationException($"The model has {names.Count} {what}s ({string.Join(", ", names)}); expected one.");

    private long[] Shape(int batch) => [batch, Channels, Height, Width];

    private void CheckInput(float[] input, int batch)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        long expected = (long)batch * Channels * Height * Width;
        if (input.Length != expected)
        {
            throw new ArgumentException(
                $"Input holds {input.Length} floats; batch {batch} of {Channels}x{Height}x{Width} needs {expected}.", nameof(input));
        }
    }
}
