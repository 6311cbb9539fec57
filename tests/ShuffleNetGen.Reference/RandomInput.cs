namespace ShuffleNetGen.Reference;

/// <summary>Seeded test images: independent N(0, 1) values, the scale of a normalised ImageNet input.</summary>
internal static class RandomInput
{
    public static float[] Create(int elements, int seed)
    {
        var draw = new SeededNormal(seed);
        var values = new float[elements];
        for (int i = 0; i < values.Length; i++) values[i] = (float)draw.Normal();
        return values;
    }
}
