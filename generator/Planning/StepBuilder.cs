using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// Turns one fused layer and its selected kernel into steps: places its output (a fresh buffer, a concat slot, the
/// residual's planes, the logits), lays out its weights, and records the kernel call, made once the arena is allocated.
/// Relabelling layers only move placements.
/// </summary>
internal sealed class StepBuilder : ILayerOpVisitor<bool>
{
    private readonly ChannelPlacer _placer;
    private readonly PlaneTables _tables;
    private readonly WeightLayout _weights;
    private readonly List<Func<PlanStep>> _steps;
    private FusedLayer _layer = null!;
    private KernelRow? _row;
    private int _index;

    public StepBuilder(ChannelPlacer placer, PlaneTables tables, WeightLayout weights, List<Func<PlanStep>> steps)
    {
        _placer = placer;
        _tables = tables;
        _weights = weights;
        _steps = steps;
    }

    /// <param name="index">The layer's row in <c>ModelInfo.Layers</c>.</param>
    public void Add(FusedLayer layer, KernelRow? row, int index)
    {
        _layer = layer;
        _row = row;
        _index = index;
        layer.Anchor.Accept(this);
    }

    private KernelRow Row => _row ?? throw new InvalidOperationException($"'{_layer.Anchor.Name}' has no kernel selected.");

    public bool Visit(Conv2dOp conv)
    {
        KernelRow row = Row;
        ChannelPlacement input = _placer.Placed(conv.Input);
        ChannelPlacement dst = PlaceOutput(row, conv.OutShape, input);
        string? bn = _layer.BatchNorm?.Name;
        double eps = _layer.BatchNorm?.Epsilon ?? 0;
        if (row.OneCallPerGroup)
        {
            int groups = conv.Groups;
            int inPer = conv.InputShape.Channels / groups, outPer = conv.OutShape.Channels / groups;
            for (int g = 0; g < groups; g++)
            {
                int entry = _weights.Add(row, conv.WeightKey, conv.BiasKey, bn, eps, outPer, inPer, groups, g);
                string groupText = groups > 1 ? $" group {g + 1}/{groups}" : "";
                AddStep(row, input.Slice(g * inPer, inPer), conv.InputShape with { Channels = inPer },
                    dst.Slice(g * outPer, outPer), conv.OutShape with { Channels = outPer }, conv.Stride, conv.Padding, entry, groupText);
            }
        }
        else
        {
            int entry = _weights.Add(row, conv.WeightKey, conv.BiasKey, bn, eps, conv.OutShape.Channels, conv.InputShape.Channels / conv.Groups, conv.Groups, 0);
            AddStep(row, input, conv.InputShape, dst, conv.OutShape, conv.Stride, conv.Padding, entry, "");
        }
        return true;
    }

    public bool Visit(MaxPoolOp op) => Unweighted(op.Input, op.InputShape, op.OutShape, op.Stride, op.Padding);
    public bool Visit(AvgPoolOp op) => Unweighted(op.Input, op.InputShape, op.OutShape, op.Stride, op.Padding);
    public bool Visit(GlobalAvgPoolOp op) => Unweighted(op.Input, op.InputShape, op.OutputShape, 1, 0);

    public bool Visit(LinearOp linear)
    {
        KernelRow row = Row;
        if (_layer.BatchNorm is not null) throw new PlanningException(_layer.BatchNorm, $"'{_layer.BatchNorm.Name}': no kernel folds a BatchNorm into a linear layer.");
        var inShape = new TensorShape(linear.InFeatures, 1, 1);
        ChannelPlacement input = _placer.Placed(linear.Input);
        ChannelPlacement dst = PlaceOutput(row, linear.OutputShape, input);
        int entry = _weights.Add(row, linear.WeightKey, linear.BiasKey, null, 0, linear.OutFeatures, linear.InFeatures, 1, 0);
        AddStep(row, input, inShape, dst, linear.OutputShape, 1, 0, entry, "");
        return true;
    }

    /// <summary>The gates are the step's input; the scaled tensor's planes are its output, updated in place.</summary>
    public bool Visit(ChannelScaleOp op)
    {
        KernelRow row = Row;
        ChannelPlacement gates = _placer.Placed(op.Scale);
        ChannelPlacement dst = _placer.PlaceOverInput(_layer, op.Input);
        AddStep(row, gates, new TensorShape(op.Shape.Channels, 1, 1), dst, op.Shape, 1, 0, -1, "");
        return true;
    }

    public bool Visit(ChannelSplitOp op)
    {
        _placer.Split(op);
        return true;
    }

    public bool Visit(ConcatOp op)
    {
        _placer.Concat(op);
        return true;
    }

    public bool Visit(ChannelShuffleOp op)
    {
        _placer.Shuffle(op);
        return true;
    }

    public bool Visit(BatchNormOp op) => Unfused(op);
    public bool Visit(ActivationOp op) => Unfused(op);
    public bool Visit(AddOp op) => Unfused(op);

    private static bool Unfused(LayerOp op) => throw new PlanningException(op, $"'{op.Name}' was not fused into a producer.");

    private bool Unweighted(string inputTensor, TensorShape inShape, TensorShape outShape, int stride, int padding)
    {
        KernelRow row = Row;
        ChannelPlacement input = _placer.Placed(inputTensor);
        ChannelPlacement dst = PlaceOutput(row, outShape, input);
        AddStep(row, input, inShape, dst, outShape, stride, padding, -1, "");
        return true;
    }

    private ChannelPlacement PlaceOutput(KernelRow row, TensorShape shape, ChannelPlacement input)
    {
        if (_layer.Residual is not null) return _placer.PlaceOverResidual(_layer, input);
        return row.Output switch
        {
            OutputPlacement.ModelOutput when _placer.IsModelOutput(_layer.Output) => _placer.PlaceModelOutput(_layer.Output, shape.Channels),
            OutputPlacement.ModelOutput => throw new PlanningException(_layer.Anchor, $"'{_layer.Anchor.Name}': only the model's final layer can be a {row.Name}."),
            // A whole-planes output that is the model's (SqueezeNet's global pool after its classifier conv) is the logits span.
            OutputPlacement.Identity when _placer.IsModelOutput(_layer.Output) => _placer.PlaceModelOutput(_layer.Output, shape.Channels),
            OutputPlacement.Identity => _placer.PlaceOutput(_layer.Output, shape, _layer.Position, requireIdentity: true),
            OutputPlacement.InPlace => throw new PlanningException(_layer.Anchor, $"'{_layer.Anchor.Name}': a {row.Name} only updates its input in place."),
            _ => _placer.PlaceOutput(_layer.Output, shape, _layer.Position),
        };
    }

    private void AddStep(KernelRow row, ChannelPlacement input, TensorShape inShape, ChannelPlacement dst, TensorShape outShape,
        int stride, int padding, int entry, string groupText)
    {
        var (src, inTable) = Operand(row.Reads, input, "reads");
        var (dstRegion, outTable) = Operand(row.Writes, dst, "writes");
        string covered = string.Join(" + ", _layer.Modules) + groupText;
        string epilogue = _layer.DescribeEpilogue();
        ActivationKind activation = _layer.Activation;
        bool residual = _layer.Residual is not null;
        int index = _index;
        _steps.Add(() =>
        {
            var step = new PlanStep(index, "", row.Name, src(), inTable, inShape, dstRegion(), outTable, outShape, stride, entry, activation, residual, padding);
            return step with { Comment = $"{covered}: {row.Describe(step)}{epilogue}" };
        });
    }

    /// <summary>A kernel that reads or writes one contiguous block needs the tensor as whole planes 0..C-1 of its buffer.</summary>
    private (Func<Region> Region, string? Table) Operand(TensorAccess access, ChannelPlacement placement, string verb)
    {
        if (access == TensorAccess.PlaneTable) return _tables.Operand(placement);
        if (!placement.IsIdentity || placement.Planes.Length != placement.Buffer.Planes)
        {
            throw new PlanningException(_layer.Anchor, $"'{_layer.Anchor.Name}': its kernel {verb} contiguous planes, but the tensor is spread over a shared buffer.");
        }
        PlaneBuffer buffer = placement.Buffer;
        return (() => _placer.RegionOf(buffer), null);
    }
}
