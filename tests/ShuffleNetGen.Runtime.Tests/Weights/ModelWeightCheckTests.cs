using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Runtime.Execution;
using ShuffleNetGen.Runtime.Weights;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// Issue 12: the wrong model's file must list every missing, unexpected and mis-shaped tensor (bounded), with a hint when
/// the names or shapes say what the file is. The model side is a <see cref="ModelInfo"/> as the generator writes it.
/// </summary>
public sealed class ModelWeightCheckTests
{
    private const int Stages = 15;

    [Fact]
    public void The_right_file_passes_and_a_data_parallel_one_too()
    {
        ModelInfo model = Model();
        using WeightFile plain = Write(Tensors(model));
        using WeightFile wrapped = Write(Tensors(model).Select(t => t with { Key = "module." + t.Key }));

        _ = new WeightLoader(plain, model);
        _ = new WeightLoader(wrapped, model);

        Assert.Equal("module.", wrapped.StrippedPrefix);
    }

    [Fact]
    public void One_missing_tensor_is_named_as_the_tensor()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(Tensors(model).Where(t => t.Key != "stage2.3.branch2.0.weight"));

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.Equal("stage2.3.branch2.0.weight", e.TensorKey);
        Assert.Equal("w.safetensors: tensor 'stage2.3.branch2.0.weight': missing from the file (expected shape [24, 24, 1, 1])", e.Message);
    }

    [Fact]
    public void Megvii_v1_names_are_all_listed_bounded_and_recognised()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(
        [
            Tensor("first_conv.0.weight", 24, 3, 3, 3),
            .. Enumerable.Range(0, 12).Select(i => Tensor($"features.{i}.branch_main_1.0.weight", 24, 24, 1, 1)),
            Tensor("classifier.0.weight", 1000, 24),
        ]);

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.Null(e.TensorKey);
        string[] lines = e.Message.Split('\n');
        Assert.Equal("w.safetensors: does not hold the weights of Tiny: 23 missing, 14 not in the model (14 tensors in the file, 23 expected)", lines[0]);
        Assert.StartsWith("  missing (23): 'conv1.0.weight' [24, 3, 3, 3]; 'conv1.1.weight' [24]; ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("; and 13 more", lines[1], StringComparison.Ordinal);
        Assert.Equal(10, lines[1].Split("; ").Length - 1);
        Assert.StartsWith("  not in the model (14): 'classifier.0.weight' [1000, 24]; 'features.0.branch_main_1.0.weight' [24, 24, 1, 1]; ", lines[2], StringComparison.Ordinal);
        Assert.Equal("  hint: the file's keys look like megvii ShuffleNetV1 (ShuffleNet-Series) names; Tiny loads torchvision ShuffleNetV2 (shufflenetv2.py) names", lines[3]);
    }

    [Fact]
    public void Another_width_lists_every_shape_and_says_so()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(Tensors(Model(stageChannels: 48)));

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.Contains("17 of another shape", e.Message, StringComparison.Ordinal);
        Assert.Contains("'stage2.0.branch2.0.weight' expected [24, 24, 1, 1], found [48, 48, 1, 1]", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("hint: every name matches but 17 shapes differ: weights for another width or group count of the same architecture", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_class_count_is_named()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(Tensors(Model(classes: 10)));

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.EndsWith("hint: only the classifier differs: the file's has 10 outputs, the model's 1000 (the spec's classes:)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_on_some_keys_only_is_pointed_out()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(Tensors(model).Select((t, i) => i % 2 == 0 ? t with { Key = "module." + t.Key } : t));

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.Null(file.StrippedPrefix);
        Assert.EndsWith("hint: 12 of the 23 keys start with 'module.' and match the model without it; a prefix is stripped only when every key has 'module.'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrapped_submodule_is_pointed_out()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(Tensors(model).Select(t => t with { Key = "backbone." + t.Key }));

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.EndsWith("hint: every key starts with 'backbone.' and 23 match the model without it: save the wrapped module's own state_dict (model.backbone.state_dict())", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_names_show_both_sides_top_modules()
    {
        ModelInfo model = Model();
        using WeightFile file = Write([Tensor("encoder.0.weight", 3), Tensor("decoder.0.weight", 3)]);

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.EndsWith("hint: no key matches: the file's keys begin with decoder, encoder, the model's with conv1, stage2, conv5, fc", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Integer_tensors_under_model_names_are_listed_as_not_floating_point()
    {
        ModelInfo model = Model();
        using WeightFile file = Write(Tensors(model).Select(t => t.Key.StartsWith("fc.", StringComparison.Ordinal)
            ? SafetensorsTensor.FromInt64(t.Key, t.Shape, new long[t.Shape.Aggregate(1, (a, d) => a * d)]) : t));

        WeightFileException e = Assert.Throws<WeightFileException>(() => new WeightLoader(file, model));

        Assert.Contains("2 not floating-point", e.Message, StringComparison.Ordinal);
        Assert.Contains("'fc.weight' I64; 'fc.bias' I64", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A V2-like model under torchvision names: a stem with BatchNorm, <see cref="Stages"/> stage convs, conv5, the classifier.</summary>
    private static ModelInfo Model(int stageChannels = 24, int classes = 1000)
    {
        var tensors = new List<WeightTensorInfo>
        {
            new("conv1.0.weight", [24, 3, 3, 3], false),
            new("conv1.1.weight", [24], false),
            new("conv1.1.bias", [24], false),
            new("conv1.1.running_mean", [24], true),
            new("conv1.1.running_var", [24], true),
        };
        tensors.AddRange(Enumerable.Range(0, Stages).Select(i => new WeightTensorInfo($"stage2.{i}.branch2.0.weight", [stageChannels, stageChannels, 1, 1], false)));
        tensors.Add(new WeightTensorInfo("conv5.0.weight", [stageChannels, stageChannels, 1, 1], false));
        tensors.Add(new WeightTensorInfo("fc.weight", [classes, stageChannels], false));
        tensors.Add(new WeightTensorInfo("fc.bias", [classes], false));
        return new ModelInfo("Tiny", "shufflenet_v2", 3, 224, 224, classes, 0, 0, 0, 0, [], tensors);
    }

    private static IEnumerable<SafetensorsTensor> Tensors(ModelInfo model) =>
        model.Tensors.Select(t => Tensor(t.Key, t.Shape.ToArray()));

    private static SafetensorsTensor Tensor(string key, params int[] shape) =>
        SafetensorsTensor.FromFloats(key, shape, new float[shape.Aggregate(1, (a, d) => a * d)]);

    private static WeightFile Write(IEnumerable<SafetensorsTensor> tensors)
    {
        var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, tensors);
        stream.Position = 0;
        return WeightFile.Read(stream, "w.safetensors");
    }
}
