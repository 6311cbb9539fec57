using System;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>Our logits against ONNX Runtime's: the largest |difference| must stay within a share of the largest |logit|.</summary>
internal readonly record struct LogitCheck(double MaxError, double MaxLogit)
{
    /// <summary>Of the largest |logit|: float32 kernels with BatchNorm folded at load time against ORT's float32 graph with its own fusions.</summary>
    public const double RelativeTolerance = 1e-4;

    public double RelativeError => MaxLogit > 0 ? MaxError / MaxLogit : MaxError;

    public bool Passed => MaxError <= RelativeTolerance * MaxLogit;

    public static LogitCheck Of(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        if (expected.Length != actual.Length)
        {
            throw new ArgumentException($"ONNX Runtime gave {expected.Length} logits, ours {actual.Length}.", nameof(actual));
        }
        double scale = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            double error = Math.Abs((double)actual[i] - expected[i]);
            // NaN in ours must fail: it compares false, so it becomes the worst error.
            if (!(error <= worst)) worst = double.IsNaN(error) ? double.PositiveInfinity : error;
        }
        return new LogitCheck(worst, scale);
    }

    /// <summary>The worse of two checks, by relative error.</summary>
    public static LogitCheck Worst(LogitCheck a, LogitCheck b) => b.RelativeError > a.RelativeError ? b : a;
}
