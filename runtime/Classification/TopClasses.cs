using System;

namespace ShuffleNetGen.Runtime.Classification;

/// <summary>The most probable classes of one image's logits: softmax (in double, shifted by the largest logit), then the top k.</summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; call <c>Classify</c> on a generated model instead.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class TopClasses
{
    /// <summary>The <paramref name="top"/> classes (fewer if the model has fewer), most probable first; equal logits keep index order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The labels are not one per logit.</exception>
    public static ClassScore[] Of(ReadOnlySpan<float> logits, int top, ClassLabels labels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != logits.Length) throw new ArgumentException($"{labels.Count} labels for {logits.Length} logits.", nameof(labels));
        int count = Math.Min(top, logits.Length);
        double max = double.NegativeInfinity;
        foreach (float logit in logits) max = Math.Max(max, logit);
        double total = 0;
        foreach (float logit in logits) total += Math.Exp(logit - max);

        // Insertion into a sorted list of `count`: k is small (5), so this beats sorting all the logits.
        Span<int> best = count <= 64 ? stackalloc int[count] : new int[count];
        int filled = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            if (filled == count && !(logits[i] > logits[best[filled - 1]])) continue;
            int at = filled < count ? filled++ : filled - 1;
            while (at > 0 && logits[i] > logits[best[at - 1]])
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }

        var scores = new ClassScore[count];
        for (int k = 0; k < count; k++)
        {
            int index = best[k];
            scores[k] = new ClassScore(index, labels[index], (float)(Math.Exp(logits[index] - max) / total));
        }
        return scores;
    }
}
