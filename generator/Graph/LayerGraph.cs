using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>
/// The model as the reference PyTorch module computes it: one op per module call, every tensor named and statically shaped.
/// Produced by a family's lowering; consumed by the planner, the reference executor and the ONNX exporter.
/// Tensors are single-assignment; <see cref="InputTensor"/> is the image, <see cref="OutputTensor"/> the logits.
/// </summary>
internal sealed record LayerGraph
{
    public required ModelSpec Spec { get; init; }
    public required TensorShape InputShape { get; init; }
    public string InputTensor => "input";
    public required string OutputTensor { get; init; }
    public required int Classes { get; init; }
    public required ImmutableEquatableArray<LayerOp> Ops { get; init; }
    /// <summary>The named tensors a spec's <c>features:</c> may ask for (stage outputs), in the order the network computes them.</summary>
    public ImmutableEquatableArray<FeaturePoint> FeaturePoints { get; init; } = ImmutableEquatableArray<FeaturePoint>.Empty;
    /// <summary>Every op's <see cref="LayerOp.Weights"/>, in op order (<see cref="WeightsOf"/>).</summary>
    public required ImmutableEquatableArray<WeightTensor> Weights { get; init; }

    /// <summary>The state_dict a graph of these ops needs: each op's tensors in op order, as PyTorch's module order lists them.</summary>
    public static ImmutableEquatableArray<WeightTensor> WeightsOf(System.Collections.Generic.IEnumerable<LayerOp> ops)
    {
        var weights = new System.Collections.Generic.List<WeightTensor>();
        foreach (LayerOp op in ops) weights.AddRange(op.Weights);
        return weights.ToImmutableEquatableArray();
    }

    /// <summary>Learned parameters, as PyTorch counts them (BatchNorm running statistics excluded).</summary>
    public long Parameters
    {
        get
        {
            long n = 0;
            foreach (WeightTensor w in Weights)
            {
                if (w.Role == WeightRole.Parameter) n += w.Elements;
            }
            return n;
        }
    }

    /// <summary>Multiply-adds of the convolutions and linear layers, the papers' complexity measure.</summary>
    public long MultiplyAdds
    {
        get
        {
            long n = 0;
            foreach (LayerOp op in Ops) n += op.MultiplyAdds;
            return n;
        }
    }
}

/// <summary>A tensor a backbone user can read out by name: <c>stage3</c> is torchvision's <c>self.stage3</c> output.</summary>
internal sealed record FeaturePoint(string Name, string Tensor, TensorShape Shape);
