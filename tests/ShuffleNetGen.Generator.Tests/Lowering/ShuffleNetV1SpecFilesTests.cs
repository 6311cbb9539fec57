using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Lowering;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Lowering;

/// <summary>The canonical spec files under specs/ parse to exactly the tables the lowering tests check (ShuffleNetV1Specs.Canonical).</summary>
public sealed class ShuffleNetV1SpecFilesTests
{
    public static IEnumerable<object[]> CanonicalNames => ShuffleNetV1Specs.CanonicalNames;

    private static string SpecsDirectory => RepositoryFiles.PathOf("specs");

    [Theory]
    [MemberData(nameof(CanonicalNames))]
    public void SpecFile_ParsesToTheCanonicalTable(string className)
    {
        V1Table table = ShuffleNetV1Specs.Find(className);
        string path = Path.Combine(SpecsDirectory, table.FileName);
        SpecParseResult parsed = SpecParser.Parse(path, File.ReadAllText(path));
        Assert.Empty(parsed.Diagnostics);
        ModelSpec spec = Assert.IsType<ModelSpec>(parsed.Spec);

        ModelSpec expected = ShuffleNetV1Specs.Of(table);
        Assert.Equal(expected.Name, spec.Name);
        Assert.Equal(expected.Architecture, spec.Architecture);
        Assert.Equal((3, 224, 224, 1000), (spec.InputChannels, spec.InputHeight, spec.InputWidth, spec.Classes));

        LayerGraph fromFile = Assert.IsType<LayerGraph>(ModelLowering.Lower(spec).Graph);
        LayerGraph fromTable = Assert.IsType<LayerGraph>(ModelLowering.Lower(expected).Graph);
        Assert.Equal(fromTable.Ops, fromFile.Ops);
        Assert.Equal(fromTable.Weights, fromFile.Weights);
    }

    [Fact]
    public void EveryV1SpecFile_IsCanonical()
    {
        string[] files = Directory.GetFiles(SpecsDirectory, "shufflenet_v1_*.model.yaml").Select(Path.GetFileName).OfType<string>()
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        string[] canonical = ShuffleNetV1Specs.Canonical.Select(t => t.FileName).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.Equal(canonical, files);
    }
}
