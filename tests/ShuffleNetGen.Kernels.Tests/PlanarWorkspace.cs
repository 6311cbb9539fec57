using System;
using System.Linq;
using Xunit.Sdk;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>How a test lays out a kernel's input and output planes.</summary>
internal enum Layout
{
    /// <summary>Two exact-size buffers, empty (identity) plane tables.</summary>
    Identity,

    /// <summary>
    /// One guarded arena: with equal plane sizes, all its planes shuffled and dealt to input and output
    /// channels; otherwise an input region then an output region, each with shuffled planes.
    /// </summary>
    Interleaved,
}

/// <summary>
/// The buffers of one kernel call, laid out per <see cref="Layout"/>, every span ending exactly where its
/// data ends (<see cref="GuardedBuffer"/>). Output planes start as NaN (or the residual), so a value
/// the kernel never writes is caught; input planes are checked to be untouched afterwards.
/// </summary>
internal sealed class PlanarWorkspace : IDisposable
{
    private readonly GuardedBuffer _first;
    private readonly GuardedBuffer? _second;
    private readonly int _inputLength;
    private readonly int _outputStart;
    private readonly float[] _input;
    private readonly int _inputChannels;
    private readonly int _inputPixels;

    public PlanarWorkspace(Layout layout, float[] input, int inputChannels, int inputPixels, int outputChannels, int outputPixels,
        Random random, float[]? initialOutput = null)
    {
        _input = input;
        _inputChannels = inputChannels;
        _inputPixels = inputPixels;
        OutputChannels = outputChannels;
        OutputPixels = outputPixels;
        if (layout == Layout.Identity)
        {
            InputPlanes = [];
            OutputPlanes = [];
            _inputLength = inputChannels * inputPixels;
            _first = new GuardedBuffer(_inputLength);
            _second = new GuardedBuffer(outputChannels * outputPixels);
        }
        else if (inputPixels == outputPixels)
        {
            int[] planes = Enumerable.Range(0, inputChannels + outputChannels).ToArray();
            random.Shuffle(planes);
            InputPlanes = planes[..inputChannels];
            OutputPlanes = planes[inputChannels..];
            _inputLength = planes.Length * inputPixels;
            _first = new GuardedBuffer(_inputLength);
        }
        else
        {
            InputPlanes = Enumerable.Range(0, inputChannels).ToArray();
            OutputPlanes = Enumerable.Range(0, outputChannels).ToArray();
            random.Shuffle(InputPlanes);
            random.Shuffle(OutputPlanes);
            _inputLength = inputChannels * inputPixels;
            _outputStart = _inputLength;
            _first = new GuardedBuffer(_inputLength + (outputChannels * outputPixels));
        }

        Output.Fill(float.NaN);
        Scatter(Input, input, InputPlanes, inputPixels);
        if (initialOutput is not null)
        {
            Scatter(Output, initialOutput, OutputPlanes, outputPixels);
        }
    }

    public int[] InputPlanes { get; }

    public int[] OutputPlanes { get; }

    public int OutputChannels { get; }

    public int OutputPixels { get; }

    public Span<float> Input => _first.Span[.._inputLength];

    /// <summary>The output span: the second buffer, the output region, or the whole shared arena.</summary>
    public Span<float> Output => _second is not null ? _second.Span : _first.Span[_outputStart..];

    /// <summary>The output channels in logical order.</summary>
    public float[] GatherOutput()
    {
        var logical = new float[OutputChannels * OutputPixels];
        ReadOnlySpan<float> output = Output;
        for (int c = 0; c < OutputChannels; c++)
        {
            int plane = OutputPlanes.Length == 0 ? c : OutputPlanes[c];
            output.Slice(plane * OutputPixels, OutputPixels).CopyTo(logical.AsSpan(c * OutputPixels, OutputPixels));
        }

        return logical;
    }

    /// <summary>Fails when the kernel wrote into any input plane.</summary>
    public void AssertInputUntouched(string context)
    {
        ReadOnlySpan<float> input = Input;
        for (int c = 0; c < _inputChannels; c++)
        {
            int plane = InputPlanes.Length == 0 ? c : InputPlanes[c];
            if (!input.Slice(plane * _inputPixels, _inputPixels).SequenceEqual(_input.AsSpan(c * _inputPixels, _inputPixels)))
            {
                throw new XunitException($"{context}: input channel {c} (plane {plane}) was modified.");
            }
        }
    }

    public void Dispose()
    {
        _first.Dispose();
        _second?.Dispose();
    }

    private static void Scatter(Span<float> arena, ReadOnlySpan<float> logical, int[] planes, int pixels)
    {
        for (int c = 0; c < logical.Length / pixels; c++)
        {
            int plane = planes.Length == 0 ? c : planes[c];
            logical.Slice(c * pixels, pixels).CopyTo(arena.Slice(plane * pixels, pixels));
        }
    }
}
