using System;
using System.Collections.Generic;
using ShuffleNetGen.Generator.Lowering;

namespace ShuffleNetGen.Generator.Spec;

/// <summary>
/// One architecture family, as <see cref="FamilyRegistry"/> lists it: how specs name it, which keys it takes (required,
/// defaults), its stage-row schema, its width-scale rounding rule, its checks and its lowering. The spec reader, the
/// lowering dispatch and the messages know a family only through this entry.
/// </summary>
internal sealed class ModelFamily
{
    /// <summary>How a spec's <c>family:</c> names it: <c>shufflenet_v2</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The family's keys beyond the common ones (name, namespace, family, input, classes, width_scale, stages, guidelines).</summary>
    public required IReadOnlyList<KeyRule> Keys { get; init; }

    /// <summary>Why a key of another family does not apply here (SNG0015); keys not listed get a generic reason.</summary>
    public IReadOnlyDictionary<string, string> ForeignKeyReasons { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How images are preprocessed when the spec's <c>preprocess:</c> block does not say: the pipeline the family's published
    /// weights were evaluated with (torchvision's <c>ImageClassification</c> preset unless the entry says otherwise).
    /// </summary>
    public PreprocessDefaults Preprocessing { get; init; } = PreprocessDefaults.Torchvision;

    /// <summary>The columns of one <c>stages:</c> row, as the family's paper tabulates a stage.</summary>
    public required StageTable Stages { get; init; }

    /// <summary>The width-scale rounding rule: a channel count as written → as built (README, "width_scale").</summary>
    public required Func<FamilySpec, int, int> ScaleChannels { get; init; }

    /// <summary>
    /// The family's own rules over its keys and stage table (divisibility, splits), reported at the key that causes each.
    /// Runs whenever the family's keys and table read cleanly, even if other keys of the spec are wrong.
    /// </summary>
    public required Action<FamilySpec, FamilyDiagnostics> Check { get; init; }

    /// <summary>The stage table → layer graph, for a spec that passed <see cref="Check"/>.</summary>
    public required Func<ModelSpec, LoweringResult> Lower { get; init; }

    public override string ToString() => Name;
}
