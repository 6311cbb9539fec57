namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// The family keys more than one family uses. A family that needs a key of its own declares it beside its registry entry;
/// a key used by several families is declared here once, so it reads and means the same in each.
/// </summary>
internal static class SpecKeys
{
    /// <summary>Output channels of the stem's 3x3 stride-2 convolution.</summary>
    public static readonly SpecKey<int> Stem = SpecKey.Channels("stem", new IntRange(1, 8192), 24);

    /// <summary>Channels of the last 1x1 convolution before pooling (ShuffleNet V2's conv5).</summary>
    public static readonly SpecKey<int> Head = SpecKey.Channels("head", new IntRange(1, 16384), 1024);

    /// <summary>Group count of the pointwise convolutions (ShuffleNet V1's g).</summary>
    public static readonly SpecKey<int> Groups = SpecKey.Int("groups", new IntRange(1, 64), "groups: 3");

    public static readonly SpecKey<ShuffleOrder> ShuffleOrder = SpecKey.Choice("shuffle_order", "shuffle_order: megvii",
        new Choice<ShuffleOrder>("paper", Spec.ShuffleOrder.Paper),
        new Choice<ShuffleOrder>("megvii", Spec.ShuffleOrder.Megvii));

    /// <summary>Whether the final linear layer has a bias (torchvision: yes; megvii's ShuffleNetV1: no).</summary>
    public static readonly SpecKey<bool> ClassifierBias = SpecKey.Bool("classifier_bias", "classifier_bias: false");

    /// <summary>
    /// Whose state_dict key names the weights file uses, among the reference implementations whose names the family's
    /// lowering writes (the first is the default). One key per family, as each family has its own choices; every family has one.
    /// </summary>
    public const string WeightsName = "weights";

    /// <param name="note">Why other namings do not load, after the list in SNG0009's message: <c> (torchvision has no ShuffleNet V1)</c>.</param>
    /// <param name="namings">The namings the family's lowering writes, the default first.</param>
    public static SpecKey<string> Weights(string note, params string[] namings)
    {
        var choices = new Choice<string>[namings.Length];
        for (int i = 0; i < namings.Length; i++) choices[i] = new Choice<string>(namings[i], namings[i]);
        return SpecKey.Choice(WeightsName, WeightsName + ": " + namings[0], note, choices);
    }
}

/// <summary>The state_dict naming schemes, as a spec's <c>weights:</c> writes them.</summary>
internal static class WeightNaming
{
    /// <summary>torchvision/models (shufflenetv2.py, mobilenetv2.py, …).</summary>
    public const string Torchvision = "torchvision";
    /// <summary>megvii-model/ShuffleNet-Series (ShuffleNetV1/network.py + blocks.py).</summary>
    public const string Megvii = "megvii";
    /// <summary>marvis/pytorch-mobilenet's MobileNet V1 (seed 003's model): <c>model.N.0/1/3/4</c>, <c>fc</c>.</summary>
    public const string Marvis = "marvis";
}
