using System;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using ShuffleNetGen.Runtime.Execution;
using ShuffleNetGen.Runtime.Weights;
using Xunit;
using Xunit.Sdk;

namespace ShuffleNetGen.Runtime.Tests.PublicApi;

/// <summary>
/// The runtime's public surface changes only on purpose: it is compared with <c>PublicApi/ShuffleNetGen.Runtime.txt</c>,
/// rewritten by <c>dotnet test tests/ShuffleNetGen.Runtime.Tests -p:UpdateBaselines=true</c> (or SNG_UPDATE_BASELINES=1).
/// </summary>
public sealed class PublicApiTests
{
    private static readonly Assembly Runtime = typeof(ModelInfo).Assembly;

    /// <summary>What users call; every other public type is plumbing for generated code.</summary>
    private static readonly Type[] UserTypes =
    [
        typeof(IImageClassifier), typeof(ModelInfo), typeof(LayerInfo), typeof(WeightTensorInfo), typeof(SimdPath),
        typeof(ModelProfile), typeof(LayerTime),
        typeof(WeightFile), typeof(PyTorchCheckpoint), typeof(StoredTensorInfo),
        typeof(SafetensorsFile), typeof(SafetensorsTensor), typeof(SafetensorsTensorInfo),
        typeof(SafetensorsDType), typeof(SafetensorsWriter), typeof(WeightFileException),
        typeof(global::ShuffleNetGen.Runtime.Imaging.ImagePreprocessing), typeof(global::ShuffleNetGen.Runtime.Imaging.ResizeInterpolation), typeof(global::ShuffleNetGen.Runtime.Imaging.ChannelOrder), typeof(global::ShuffleNetGen.Runtime.Imaging.PixelScale),
        typeof(global::ShuffleNetGen.Runtime.Imaging.ImageDecodeException), typeof(global::ShuffleNetGen.Runtime.Classification.ClassLabels), typeof(global::ShuffleNetGen.Runtime.Classification.ClassScore),
    ];

    [Fact]
    public void Public_surface_matches_the_checked_in_baseline()
    {
        string path = Path.Combine(global::ShuffleNetGen.Onnx.Ort.RepositoryRoot.Find(), "tests", "ShuffleNetGen.Runtime.Tests", "PublicApi", "ShuffleNetGen.Runtime.txt");
        string actual = PublicSurface.Describe(Runtime);
        if (UpdateBaselines())
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline {path}; create it with `dotnet test tests/ShuffleNetGen.Runtime.Tests -p:UpdateBaselines=true`.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
        {
            string[] was = expected.Split('\n'), now = actual.Split('\n');
            throw new XunitException(
                "The runtime's public surface changed. If that is intended, regenerate the baseline with " +
                "`dotnet test tests/ShuffleNetGen.Runtime.Tests -c Release -p:UpdateBaselines=true` and review its diff.\n" +
                string.Concat(was.Except(now).Select(l => "- " + l + "\n")) + string.Concat(now.Except(was).Select(l => "+ " + l + "\n")));
        }
    }

    [Fact]
    public void Every_public_type_but_the_users_ones_is_hidden_plumbing_for_generated_code()
    {
        string[] shown = Runtime.GetExportedTypes().Where(t => !IsHidden(t)).Select(t => t.FullName!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(UserTypes.Select(t => t.FullName!).Order(StringComparer.Ordinal), shown);
    }

    [Fact]
    public void Hidden_types_say_they_are_for_generated_code()
    {
        XDocument docs = XDocument.Load(Path.ChangeExtension(Runtime.Location, ".xml"));
        foreach (Type type in Runtime.GetExportedTypes().Where(IsHidden))
        {
            XElement? doc = docs.Descendants("member").SingleOrDefault(m => (string?)m.Attribute("name") == "T:" + type.FullName);
            string text = string.Join(" ", (doc?.Value ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            Assert.True(text.Contains("For use by the code the ShuffleNetGen generator emits", StringComparison.Ordinal),
                $"{type.FullName} is hidden but its doc does not say it is for generated code: \"{text}\"");
        }
    }

    [Fact]
    public void The_model_interfaces_split_what_users_call_from_what_the_runtime_calls()
    {
        Assert.True(IsHidden(typeof(IImageModel)));
        Assert.False(IsHidden(typeof(IImageClassifier)));
        string[] members = typeof(IImageClassifier).GetMembers().Where(m => m is not MethodInfo { IsSpecialName: true })
            .Select(m => m.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Classes", "Classify", "Classify", "Info", "InputChannels", "InputHeight", "InputLength", "InputWidth", "Labels", "MaxThreads",
            "Predict", "Predict", "PredictImage", "PredictImage", "Preprocessing", "Profile"], members);
    }

    private static bool IsHidden(Type type) =>
        type.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never };

    private static bool UpdateBaselines() =>
        Environment.GetEnvironmentVariable("SNG_UPDATE_BASELINES") == "1" ||
        typeof(PublicApiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Any(a => a.Key == "UpdateBaselines" && string.Equals(a.Value, "true", StringComparison.OrdinalIgnoreCase));
}
