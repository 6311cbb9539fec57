using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Planning;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Guidelines;

/// <summary>
/// ShuffleNet V2's four guidelines for fast networks (Ma et al., ECCV 2018, Sec. 2) as build warnings, one per guideline a
/// spec strains, each naming its first example. Thresholds are the paper's test points; a spec turns a warning off with
/// <c>guidelines:</c>, a project with the usual severity settings.
/// </summary>
internal static class GuidelineCheck
{
    /// <summary>G1: the paper's Table 1 compares c1:c2 = 1:1, 1:2, 1:6 and 1:12; warn from 1:6 on.</summary>
    public const int WidthRatio = 6;
    /// <summary>G2: the paper's Table 2 measures the slowdown from g = 2 on.</summary>
    public const int Groups = 2;
    /// <summary>G3: the paper's Table 3 measures up to 4 fragments per block; warn past twice that.</summary>
    public const int KernelCallsPerUnit = 8;
    /// <summary>G4: element-wise ops' share of the reference's memory traffic, in percent.</summary>
    public const int ElementwisePercent = 30;

    public static IEnumerable<DiagnosticInfo> Check(LayerGraph graph, ExecutionPlan plan)
    {
        GuidelineSwitches on = graph.Spec.Guidelines;
        ModelSpec spec = graph.Spec;
        var pointwise = graph.Ops.Select(op => op.Accept(PointwiseConv.Instance)).Where(c => c is not null).Select(c => c!).ToList();

        var unequal = pointwise.Where(c => Ratio(c) >= WidthRatio).ToList();
        if (on.G1 && unequal.Count > 0)
        {
            Conv2dOp first = unequal[0];
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.UnequalChannelWidths, spec.Locate(SpecSchema.Stages),
                I(unequal.Count), I(WidthRatio), first.Name, I(first.InputShape.Channels), I(first.OutShape.Channels));
        }

        var grouped = pointwise.Where(c => c.Groups >= Groups).ToList();
        if (on.G2 && grouped.Count > 0)
        {
            Conv2dOp first = grouped[0];
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.GroupedPointwiseConvs, spec.Locate(SpecKeys.Groups.Name),
                I(grouped.Count), I(first.Groups), first.Name);
        }

        var fragmented = plan.Layers.GroupBy(row => UnitOf(row.Name)).Select(unit => (Unit: unit.Key, Calls: unit.Sum(r => r.Calls)))
            .Where(unit => unit.Calls > KernelCallsPerUnit).ToList();
        if (on.G3 && fragmented.Count > 0)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.FragmentedUnit, spec.Locate(SpecSchema.Stages),
                I(fragmented.Count), I(KernelCallsPerUnit), fragmented[0].Unit, I(fragmented[0].Calls));
        }

        long total = graph.Ops.Sum(op => op.MemoryAccess);
        long elementwise = graph.Ops.Where(op => op.Accept(Elementwise.Instance)).Sum(op => op.MemoryAccess);
        int percent = (int)(100 * elementwise / total);
        if (on.G4 && percent >= ElementwisePercent)
        {
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.ElementwiseShare, spec.Locate(SpecSchema.Family),
                I(percent), I(ElementwisePercent));
        }
    }

    private static double Ratio(Conv2dOp conv)
    {
        int a = conv.InputShape.Channels, b = conv.OutShape.Channels;
        return (double)System.Math.Max(a, b) / System.Math.Min(a, b);
    }

    /// <summary>The building block a module belongs to: its path up to the block index (<c>stage2.0</c>, <c>features.3</c>), else its first part.</summary>
    internal static string UnitOf(string module)
    {
        string[] parts = module.Split('.');
        return parts.Length > 2 && parts[1].All(char.IsDigit) ? parts[0] + "." + parts[1] : parts[0];
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A 1x1 convolution that is not depthwise: what G1 and G2 are about.</summary>
    private sealed class PointwiseConv : ILayerOpVisitor<Conv2dOp?>
    {
        public static readonly PointwiseConv Instance = new();

        public Conv2dOp? Visit(Conv2dOp op) => op.Kernel == 1 && !op.IsDepthwise ? op : null;
        public Conv2dOp? Visit(BatchNormOp op) => null;
        public Conv2dOp? Visit(ActivationOp op) => null;
        public Conv2dOp? Visit(MaxPoolOp op) => null;
        public Conv2dOp? Visit(AvgPoolOp op) => null;
        public Conv2dOp? Visit(GlobalAvgPoolOp op) => null;
        public Conv2dOp? Visit(ChannelSplitOp op) => null;
        public Conv2dOp? Visit(ConcatOp op) => null;
        public Conv2dOp? Visit(ChannelShuffleOp op) => null;
        public Conv2dOp? Visit(AddOp op) => null;
        public Conv2dOp? Visit(LinearOp op) => null;
        public Conv2dOp? Visit(ChannelScaleOp op) => null;
    }

    /// <summary>The paper's element-wise operators that survive inference: activations and tensor adds (BatchNorm folds into the conv).</summary>
    private sealed class Elementwise : ILayerOpVisitor<bool>
    {
        public static readonly Elementwise Instance = new();

        public bool Visit(ActivationOp op) => true;
        public bool Visit(AddOp op) => true;
        public bool Visit(Conv2dOp op) => false;
        public bool Visit(BatchNormOp op) => false;
        public bool Visit(MaxPoolOp op) => false;
        public bool Visit(AvgPoolOp op) => false;
        public bool Visit(GlobalAvgPoolOp op) => false;
        public bool Visit(ChannelSplitOp op) => false;
        public bool Visit(ConcatOp op) => false;
        public bool Visit(ChannelShuffleOp op) => false;
        public bool Visit(LinearOp op) => false;
        public bool Visit(ChannelScaleOp op) => true;
    }
}
