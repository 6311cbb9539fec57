using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// Select, the planner's second job: the first catalogue row that matches a fused layer's anchor and supports its epilogue.
/// Relabelling layers (split, concat, shuffle) select no row: they move no data.
/// </summary>
internal static class KernelSelection
{
    public static KernelRow? Select(FusedLayer layer, LayerGraph graph)
    {
        KernelQuery? query = layer.Anchor.Accept(new QueryOf(layer, graph));
        if (query is null) return null;
        foreach (KernelRow row in KernelCatalogue.Rows)
        {
            if (row.Matches(query) && row.Supports(query.Epilogue)) return row;
        }
        throw new PlanningException(layer.Anchor, $"no kernel computes '{layer.Anchor.Name}', {Describe(layer, query)}.");
    }

    /// <summary>The layer as the diagnostic names it: <c>a Conv3x3/s1 (padding 1) 3x224x224 -> 32x224x224 reading the image, storing ReLU</c>.</summary>
    private static string Describe(FusedLayer layer, KernelQuery q)
    {
        string padding = q.Kernel > 0 ? $" (padding {q.Padding})" : "";
        string image = q.ReadsImage ? " reading the image" : "";
        string epilogue = q.Epilogue.Activation == ActivationKind.Identity && !q.Epilogue.Residual ? "" : $", storing {q.Epilogue}";
        return $"a {layer.Anchor.Description}{padding} {q.InShape} -> {layer.Anchor.OutputShape}{image}{epilogue}";
    }

    private sealed class QueryOf : ILayerOpVisitor<KernelQuery?>
    {
        private readonly FusedLayer _layer;
        private readonly LayerGraph _graph;

        public QueryOf(FusedLayer layer, LayerGraph graph)
        {
            _layer = layer;
            _graph = graph;
        }

        private bool ReadsImage(string input) => input == _graph.InputTensor;

        public KernelQuery? Visit(Conv2dOp op) => new(KernelOp.Conv, op.Kernel, op.Stride, op.Padding,
            op.IsDepthwise ? ConvGroups.Depthwise : op.Groups > 1 ? ConvGroups.Grouped : ConvGroups.Dense, ReadsImage(op.Input), _layer.Epilogue, op.InputShape);

        public KernelQuery? Visit(MaxPoolOp op) =>
            new(KernelOp.MaxPool, op.Kernel, op.Stride, op.Padding, ConvGroups.Dense, ReadsImage(op.Input), _layer.Epilogue, op.InputShape);

        public KernelQuery? Visit(AvgPoolOp op) =>
            new(op.CountIncludePad ? KernelOp.AvgPoolCountingPadding : KernelOp.AvgPoolIgnoringPadding, op.Kernel, op.Stride, op.Padding,
                ConvGroups.Dense, ReadsImage(op.Input), _layer.Epilogue, op.InputShape);

        public KernelQuery? Visit(GlobalAvgPoolOp op) =>
            new(KernelOp.GlobalAvgPool, 0, 1, 0, ConvGroups.Dense, ReadsImage(op.Input), _layer.Epilogue, op.InputShape);

        public KernelQuery? Visit(LinearOp op) =>
            new(KernelOp.Linear, 0, 1, 0, ConvGroups.Dense, ReadsImage(op.Input), _layer.Epilogue, new TensorShape(op.InFeatures, 1, 1));

        public KernelQuery? Visit(ChannelScaleOp op) =>
            new(KernelOp.ChannelScale, 0, 1, 0, ConvGroups.Dense, ReadsImage(op.Input), _layer.Epilogue, op.Shape);
        public KernelQuery? Visit(ChannelSplitOp op) => null;
        public KernelQuery? Visit(ConcatOp op) => null;
        public KernelQuery? Visit(ChannelShuffleOp op) => null;
        public KernelQuery? Visit(BatchNormOp op) => null;
        public KernelQuery? Visit(ActivationOp op) => null;
        public KernelQuery? Visit(AddOp op) => null;
    }
}
