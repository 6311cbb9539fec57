namespace ShuffleNetGen.Generator.Graph;

/// <summary>A per-image activation shape, CHW.</summary>
internal sealed record TensorShape(int Channels, int Height, int Width)
{
    public int Pixels => Height * Width;
    public long Elements => (long)Channels * Height * Width;
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
