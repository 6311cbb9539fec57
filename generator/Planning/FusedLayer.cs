using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>
/// One step's worth of the graph: an anchor op and what its store absorbed — a BatchNorm (folded into its weights at load),
/// a residual add (the destination already holds <see cref="Residual"/>) and an activation. Relabelling ops (split, concat,
/// shuffle) are layers of their own with nothing absorbed. <see cref="Position"/> is the anchor's op index: the layer runs there.
/// </summary>
internal sealed class FusedLayer
{
    public FusedLayer(int position, LayerOp anchor)
    {
        Position = position;
        Anchor = anchor;
        Output = anchor.Output;
        Modules.Add(anchor.Name);
    }

    public int Position { get; }
    public LayerOp Anchor { get; }
    public BatchNormOp? BatchNorm { get; set; }
    public string? Residual { get; set; }
    public ActivationKind Activation { get; set; } = ActivationKind.Identity;
    /// <summary>The tensor the layer's store writes: the last absorbed op's output.</summary>
    public string Output { get; set; }
    /// <summary>The reference modules the layer covers, anchor first.</summary>
    public List<string> Modules { get; } = new();

    public StoreEpilogue Epilogue => new(Activation, Residual is not null);

    /// <summary>The step comment's tail, e.g. <c>, BN folded, + residual, ReLU (in place)</c>.</summary>
    public string DescribeEpilogue() =>
        (BatchNorm is null ? "" : ", BN folded")
        + (Residual is null ? "" : ", + residual")
        + (Activation == ActivationKind.Identity ? "" : ", " + Activation.ModuleName())
        + (Residual is null ? "" : " (in place)");
}
