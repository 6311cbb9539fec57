using System;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using ShuffleNetGen.Onnx.Ort;
using ShuffleNetGen.Onnx.Tests.Export;
using ShuffleNetGen.Onnx.Tests.Model;
using ShuffleNetGen.Reference;
using Xunit;

namespace ShuffleNetGen.Onnx.Tests.Ort;

/// <summary>
/// MobileNet V1, V2 (1.0 and 0.75) and V3 (Large and Small) with seeded random weights, exported and run in ONNX Runtime,
/// against the reference executor; and the export's ReLU6 as torch.onnx writes it, Clip(0, 6), and V2's residuals as Add;
/// V3's Hardswish and Hardsigmoid as HardSwish and HardSigmoid(1/6, 1/2), its channel scales as Mul.
/// </summary>
public sealed class MobileNetOrtTests
{
    private static LayerGraph Lower(ModelSpec spec) =>
        ModelLowering.Lower(spec).Graph ?? throw new InvalidOperationException($"{spec.Name} failed to lower.");

    public static TheoryData<string> Models => new("mobilenet_v1", "mobilenet_v2", "mobilenet_v2_x0_75", "mobilenet_v3_large", "mobilenet_v3_small");

    private static ModelSpec Spec(string name) => name switch
    {
        "mobilenet_v1" => TestSpecs.MobileNetV1(),
        "mobilenet_v2" => TestSpecs.MobileNetV2(),
        "mobilenet_v3_large" => TestSpecs.MobileNetV3Large(),
        "mobilenet_v3_small" => TestSpecs.MobileNetV3Small(),
        _ => TestSpecs.MobileNetV2(0.75),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void OrtLogitsMatchTheReferenceExecutor_Batch1And2(string name) =>
        ReferenceAgreement.AssertOrtMatchesTheReferenceExecutor(Lower(Spec(name)), weightSeed: 2018, inputSeed: 19);

    [Fact]
    public void V2_ExportsEveryReLU6AsClipFrom0To6_AndEachResidualAsAdd()
    {
        LayerGraph graph = Lower(TestSpecs.MobileNetV2());
        using var files = new TestFiles();
        ProtoFields model = ProtoFields.Parse(File.ReadAllBytes(files.ExportOnnx(graph, RandomWeights.Create(graph, seed: 4)))).Single(7).Message;
        ProtoFields[] nodes = model.All(1).Select(f => f.Message).ToArray();
        var initializers = model.All(5).Select(f => f.Message).ToDictionary(t => t.Single(8).Text);
        static float Scalar(ProtoFields tensor) => BitConverter.ToSingle(tensor.Single(9).Bytes, 0);

        ProtoFields[] clips = nodes.Where(n => n.Single(4).Text == "Clip").ToArray();
        // The stem, the last 1x1 conv, the depthwise conv of all 17 units and the expansion of the 16 with t = 6.
        Assert.Equal(35, clips.Length);
        Assert.All(clips, clip =>
        {
            string[] inputs = clip.All(1).Select(f => f.Text).ToArray();
            Assert.Equal(3, inputs.Length);
            Assert.Equal(0f, Scalar(initializers[inputs[1]]));
            Assert.Equal(6f, Scalar(initializers[inputs[2]]));
        });
        Assert.DoesNotContain(nodes, n => n.Single(4).Text == "Relu");
        // Table 2's rows of n units have n − 1 residuals, except the 64 → 96 row's first: 0+1+2+3+2+2+0.
        Assert.Equal(10, nodes.Count(n => n.Single(4).Text == "Add"));
    }

    [Fact]
    public void V3_ExportsHardswishHardsigmoidAndTheChannelScaleAsTorchOnnxDoes()
    {
        LayerGraph graph = Lower(TestSpecs.MobileNetV3Large());
        using var files = new TestFiles();
        ProtoFields model = ProtoFields.Parse(File.ReadAllBytes(files.ExportOnnx(graph, RandomWeights.Create(graph, seed: 5)))).Single(7).Message;
        ProtoFields[] nodes = model.All(1).Select(f => f.Message).ToArray();
        int Count(string op) => nodes.Count(n => n.Single(4).Text == op);

        // The stem, the expand and depthwise convs of the 9 h-swish rows, the last conv and classifier.0.
        Assert.Equal(1 + 9 + 9 + 1 + 1, Count("HardSwish"));
        // One gate and one scale per squeeze-and-excitation (8 rows have SE).
        Assert.Equal(8, Count("HardSigmoid"));
        Assert.Equal(8, Count("Mul"));
        Assert.Equal(8 + 1, Count("GlobalAveragePool"));
    }
}
