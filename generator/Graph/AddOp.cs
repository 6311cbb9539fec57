using ShuffleNetGen.Generator.Model;

namespace ShuffleNetGen.Generator.Graph;

/// <summary>Element-wise <c>A + B</c> (a residual connection).</summary>
internal sealed record AddOp(string Name, string A, string B, string Out, TensorShape Shape) : LayerOp(Name)
{
    public override ImmutableEquatableArray<string> Inputs => new[] { A, B }.ToImmutableEquatableArray();
    public override string Output => Out;
    public override TensorShape OutputShape => Shape;
    public override long MemoryAccess => 3 * Shape.Elements;
    public override string Description => "Add";
    public override T Accept<T>(ILayerOpVisitor<T> visitor) => visitor.Visit(this);

    /// <summary>The operand that is not <paramref name="operand"/>.</summary>
    public string Other(string operand) => A == operand ? B : A;
}
