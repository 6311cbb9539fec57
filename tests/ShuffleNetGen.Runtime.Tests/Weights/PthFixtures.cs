using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ShuffleNetGen.Onnx.Ort;

namespace ShuffleNetGen.Runtime.Tests.Weights;

/// <summary>
/// The checkpoints <c>Fixtures/make_pth_fixtures.py</c> wrote with real <c>torch.save</c> (torch 1.13), and the tensors torch
/// read back from them (<c>*.expected.json</c>): the independent reference for the .pth reader.
/// </summary>
internal static class PthFixtures
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot.Find(), "tests", "ShuffleNetGen.Runtime.Tests", "Weights", "Fixtures");

    public static string PathOf(string name) => Path.Combine(Directory, name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>One tensor as torch reads it: shape, dtype name (<c>float32</c>, <c>float16</c>, …) and values as float32.</summary>
    public sealed record Tensor(int[] Shape, string DType, float[] Values);

    public static IReadOnlyDictionary<string, Tensor> Expected(string name)
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(PathOf(name + ".expected.json")));
        return json.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => new Tensor(
                p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
                p.Value.GetProperty("dtype").GetString()!,
                // torch wrote float32 values as doubles, exactly: the cast back is exact.
                p.Value.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()));
    }
}
