using System;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>ShuffleNet V1 (Zhang et al., CVPR 2018) as megvii's ShuffleNet-Series ShuffleNetV1 builds it.</summary>
internal static class ShuffleNetV1Lowering
{
    public static LoweringResult Lower(ModelSpec spec) =>
        throw new NotSupportedException("ShuffleNet V1 lowering is being written.");
}
