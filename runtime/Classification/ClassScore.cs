namespace ShuffleNetGen.Runtime.Classification;

/// <summary>One class of a classification: its index among the model's logits, its label and its softmax probability.</summary>
public readonly record struct ClassScore(int Index, string Label, float Probability)
{
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Index} {Label} {Probability:P1}");
}
