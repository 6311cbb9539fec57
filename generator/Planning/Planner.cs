using System;
using System.Collections.Generic;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// LayerGraph → ExecutionPlan in four jobs, each in its own file: fuse (<see cref="Fusion"/>: each conv absorbs its
/// BatchNorm, residual add and activation), select (<see cref="KernelSelection"/>: a row of <see cref="KernelCatalogue"/>
/// per layer), place (<see cref="ChannelPlacer"/>: channel planes, concat slots, in-place residuals; <see cref="StepBuilder"/>
/// records the calls), allocate (<see cref="ArenaAllocator"/>: one arena by live interval). Knows op properties, not families.
/// </summary>
internal static class Planner
{
    /// <summary>Plans a graph; never throws — a layer no kernel computes is SNG0030 at its spec key, anything else SNG0099.</summary>
    public static (ExecutionPlan? Plan, ImmutableEquatableArray<DiagnosticInfo> Diagnostics) Plan(LayerGraph graph)
    {
        try
        {
            return (Build(graph), ImmutableEquatableArray<DiagnosticInfo>.Empty);
        }
        catch (PlanningException ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.NoKernel, graph.Spec.Locate(ex.Op.SpecKey), ex.Op.SpecKey, ex.Message);
            return (null, new[] { diagnostic }.ToImmutableEquatableArray());
        }
        catch (Exception ex)
        {
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, graph.Spec.Locate("family"),
                "planning failed: " + ex.Message);
            return (null, new[] { diagnostic }.ToImmutableEquatableArray());
        }
    }

    private static IEnumerable<FeatureCopy> SpecOrder(ImmutableEquatableArray<string> names, IEnumerable<FeatureCopy> copies)
    {
        var list = copies.ToList();
        return names.Select(name => list.First(c => c.Name == name));
    }

    private static ExecutionPlan Build(LayerGraph graph)
    {
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal) { [graph.InputTensor] = graph.InputShape };
        foreach (LayerOp op in graph.Ops)
        {
            foreach (string output in op.Outputs) shapes[output] = op.OutputShape;
        }

        (List<FusedLayer> layers, int[] positions) = Fusion.Fuse(graph);
        var rows = layers.Select(layer => KernelSelection.Select(layer, graph)).ToList();

        var placer = new ChannelPlacer(graph, positions, shapes);
        var tables = new PlaneTables(placer);
        var weights = new WeightLayout();
        var steps = new List<Func<PlanStep>>();
        var builder = new StepBuilder(placer, tables, weights, steps);
        var features = new List<Func<FeatureCopy>>();
        var pending = new List<FeaturePoint>();
        foreach (string name in graph.Spec.Features) pending.Add(graph.FeaturePoints.First(p => p.Name == name));
        for (int i = 0; i < layers.Count; i++)
        {
            builder.Add(layers[i], rows[i], i);
            // A feature is copied out as soon as its tensor is placed: every step writing its planes has run, none overwriting them yet.
            foreach (FeaturePoint point in pending.Where(p => placer.IsPlaced(p.Tensor)).ToList())
            {
                pending.Remove(point);
                int after = steps.Count;
                (Func<Region> source, string? table) = tables.Operand(placer.Placed(point.Tensor));
                features.Add(() => new FeatureCopy(point.Name, point.Shape, after, source(), table));
            }
        }
        if (pending.Count > 0) throw new InvalidOperationException($"feature '{pending[0].Name}' is never computed.");
        if (!placer.IsPlaced(graph.OutputTensor) || placer.Placed(graph.OutputTensor).Buffer != placer.Output)
        {
            throw new InvalidOperationException("the graph's output is not produced by a linear layer.");
        }

        placer.CloseLiveIntervals();
        int arenaFloats = ArenaAllocator.Assign(placer.Buffers);
        var planSteps = steps.Select(make => make()).ToImmutableEquatableArray();

        return new ExecutionPlan
        {
            ClassName = graph.Spec.Name,
            Namespace = graph.Spec.Namespace,
            Family = graph.Spec.Family.Name,
            SpecFileName = System.IO.Path.GetFileName(graph.Spec.FilePath),
            InputChannels = graph.InputShape.Channels,
            InputHeight = graph.InputShape.Height,
            InputWidth = graph.InputShape.Width,
            Classes = graph.Classes,
            MultiplyAdds = graph.MultiplyAdds,
            Parameters = graph.Parameters,
            ArenaFloats = arenaFloats,
            WeightFloats = weights.Floats,
            Steps = planSteps,
            Weights = weights.Entries,
            Tables = tables.Tables,
            Layers = layers.Select((layer, i) => LayerRows.For(layer, rows[i], planSteps.Count(s => s.Layer == i), graph, shapes)).ToImmutableEquatableArray(),
            Tensors = graph.Weights,
            Preprocess = graph.Spec.Preprocess,
            Labels = graph.Spec.Labels,
            LabelsLocation = graph.Spec.Labels is null ? null : graph.Spec.Locate(Spec.ImageKeysReader.Labels),
            SpecFilePath = graph.Spec.FilePath,
            Features = SpecOrder(graph.Spec.Features, features.Select(make => make())).ToImmutableEquatableArray(),
        };
    }
}
