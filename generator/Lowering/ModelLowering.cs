using System;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>Dispatches a spec to its family's lowering. Never throws: a failure becomes an SNG0099 diagnostic.</summary>
internal static class ModelLowering
{
    public static LoweringResult Lower(ModelSpec spec)
    {
        try
        {
            return spec.Family switch
            {
                ModelFamily.ShuffleNetV2 => ShuffleNetV2Lowering.Lower(spec),
                ModelFamily.ShuffleNetV1 => ShuffleNetV1Lowering.Lower(spec),
                _ => throw new InvalidOperationException($"No lowering for family {spec.Family}."),
            };
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, spec.Locate("family"), ex.GetType().Name + ": " + ex.Message);
            return new LoweringResult(null, new[] { diagnostic }.ToImmutableEquatableArray());
        }
    }

    /// <summary>
    /// The width-scale rounding rule shared by the families: <c>round(c * s / q) * q</c>, halves away from zero, at least q,
    /// where q is the family's channel quantum (V2: 2, so branches split evenly; V1: 4·g, so bottlenecks divide into groups).
    /// A scale of exactly 1 leaves the table as written.
    /// </summary>
    public static int ScaleChannels(int channels, double scale, int quantum)
    {
        if (scale == 1.0) return channels;
        double units = Math.Round(channels * scale / quantum, MidpointRounding.AwayFromZero);
        return Math.Max(quantum, (int)units * quantum);
    }
}
