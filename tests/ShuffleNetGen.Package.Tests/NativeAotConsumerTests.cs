using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace ShuffleNetGen.Package.Tests;

/// <summary>
/// Issue 14's NativeAOT consumer: a project with the package, two canonical specs and the properties the README's NativeAOT
/// section gives, published once with <c>PublishAot</c> (a minute or more on 2 cores), then run beside the JIT build of the
/// same project. The publish must show no trim or AOT warning from the package or the code it generates, and the native
/// binary must take the JIT's SIMD path and give its logits.
/// </summary>
[Collection(PackedPackageCollection.Name)]
public sealed partial class NativeAotConsumerTests(PackedPackageFixture package)
{
    private const string CheckpointFixture = "tests/ShuffleNetGen.Runtime.Tests/Weights/Fixtures/shufflenet_v2_x0_5.f16.pth";
    private const string TorchLogitsFixture = "tests/ShuffleNetGen.Runtime.Tests/Weights/Fixtures/shufflenet_v2_x0_5.logits.json";
    private const string HintStart = "ShuffleNetGen: this NativeAOT build has no IlcInstructionSet";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_PublishAot_consumer_has_no_trim_or_AOT_warnings_from_the_package_and_runs_the_JIT_s_path_and_logits()
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        ConsumerProject project = ConsumerProject.Create(package, "NativeAot", "NativeAotModel.cs");
        foreach (string spec in new[] { "shufflenet_v2_x1_0.model.yaml", "shufflenet_v2_x0_5.model.yaml" })
        {
            project.AddFile(Path.Combine("Models", spec), File.ReadAllText(package.SpecPath(spec)));
        }

        // The README's advice, with `native` (this machine's CPU) so the widest path here is the one expected; every trim and
        // AOT warning listed on its own instead of one summary line per assembly.
        project.AddProperties(("PublishAot", "true"), ("IlcInstructionSet", "native"), ("TrimmerSingleWarn", "false"));

        CommandResult publish = project.Publish(rid, PublishTimeout);
        Assert.True(publish.ExitCode == 0, publish.Describe());
        string[] warnings = TrimAndAotWarnings(publish.Output).ToArray();
        Assert.True(warnings.Length == 0, "Trim or AOT warnings:\n" + string.Join('\n', warnings));
        Assert.DoesNotContain(HintStart, publish.Output);

        string checkpoint = Path.Combine(package.RepositoryRoot, CheckpointFixture);
        string output = project.OutputDirectory(rid);
        CommandResult aot = DotnetCommand.RunProgram(Path.Combine(output, "publish", ConsumerProject.AssemblyName), project.Directory, CommandTimeout, checkpoint);
        Assert.True(aot.ExitCode == 0, aot.Describe());
        // The same build's IL under the JIT (the publish built it for the runtime identifier first).
        CommandResult jit = DotnetCommand.Run(project.Directory, CommandTimeout, Path.Combine(output, ConsumerProject.AssemblyName + ".dll"), checkpoint);
        Assert.True(jit.ExitCode == 0, jit.Describe());
        Dictionary<string, string> aotReport = Report(aot), jitReport = Report(jit);

        Assert.Equal(jitReport["simd"], aotReport["simd"]);
        Assert.StartsWith(WidestPathPrefix(), aotReport["simd"]);
        AssertClose(Floats(jitReport["v2_x1_0"]), Floats(aotReport["v2_x1_0"]), 1e-5, "V2 1.0x: NativeAOT vs JIT");
        AssertClose(Floats(jitReport["v2_x0_5"]), Floats(aotReport["v2_x0_5"]), 1e-5, "V2 0.5x from .pth: NativeAOT vs JIT");

        // The checkpoint's own torch logits: folded BatchNorm and another summation order, so the end-to-end tolerance.
        using JsonDocument torch = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(package.RepositoryRoot, TorchLogitsFixture)));
        AssertClose(torch.RootElement.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), Floats(aotReport["v2_x0_5"]), 1e-4,
            "V2 0.5x from .pth: NativeAOT vs torch");
    }

    /// <summary>
    /// The package's publish-time note: on x64 without <c>IlcInstructionSet</c> NativeAOT compiles no AVX, so the kernels run on
    /// Vector128; once the app chooses an instruction set, and on Arm64 (NEON is the default), there is nothing to say.
    /// The note's target runs alone here, without compiling anything.
    /// </summary>
    [Fact]
    public void An_x64_NativeAOT_publish_without_IlcInstructionSet_is_told_how_to_reach_the_wide_kernels()
    {
        ConsumerProject project = ConsumerProject.Create(package, "AotHint", "UseValidModel.cs");
        CommandResult restore = DotnetCommand.Run(project.Directory, CommandTimeout, "restore", "-nodeReuse:false");
        Assert.True(restore.ExitCode == 0, restore.Describe());

        CommandResult Hint(params string[] properties) => DotnetCommand.Run(project.Directory, CommandTimeout,
            ["msbuild", "-nologo", "-nodeReuse:false", "-t:ShuffleNetGenInstructionSetHint", .. properties.Select(p => "-p:" + p)]);

        CommandResult x64 = Hint("PublishAot=true", "RuntimeIdentifier=linux-x64");
        Assert.True(x64.ExitCode == 0, x64.Describe());
        Assert.Contains(HintStart, x64.Output);
        Assert.Contains("<IlcInstructionSet>x86-64-v3</IlcInstructionSet>", x64.Output);

        foreach (string[] quiet in new[]
        {
            new[] { "PublishAot=true", "RuntimeIdentifier=linux-x64", "IlcInstructionSet=x86-64-v3" },
            new[] { "PublishAot=true", "RuntimeIdentifier=win-x64", "IlcInstructionSet=x86-64" },
            new[] { "PublishAot=true", "RuntimeIdentifier=linux-arm64" },
            new[] { "RuntimeIdentifier=linux-x64" },
        })
        {
            CommandResult result = Hint(quiet);
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.DoesNotContain(HintStart, result.Output);
        }
    }

    /// <summary>What the test host's JIT accelerates on this machine, as <c>SimdPath.Name</c> begins.</summary>
    private static string WidestPathPrefix() =>
        Vector512.IsHardwareAccelerated ? "AVX-512"
        : Vector256.IsHardwareAccelerated ? "AVX2"
        : AdvSimd.IsSupported ? "NEON"
        : "Vector128";

    /// <summary>
    /// Every <c>warning ILnnnn</c> line of the compiler's analyzers or ILC (<c>ILC : Trim analysis warning IL2075: Member(): …</c>),
    /// from the package's runtime, the code it generated in the consumer, or anything else the package brings.
    /// </summary>
    private static IEnumerable<string> TrimAndAotWarnings(string output) =>
        output.Split('\n').Select(line => line.Trim()).Where(line => IlWarning().IsMatch(line)).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"warning IL\d{4}:")]
    private static partial Regex IlWarning();

    private static Dictionary<string, string> Report(CommandResult run) =>
        run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(": ", 2)).Where(parts => parts.Length == 2).ToDictionary(parts => parts[0], parts => parts[1]);

    private static float[] Floats(string line) =>
        line.Split(' ').Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Largest |difference| within <paramref name="relative"/> of the largest |expected| logit.</summary>
    private static void AssertClose(float[] expected, float[] actual, double relative, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} logits, expected {expected.Length}");
        double scale = expected.Max(v => Math.Abs((double)v));
        double worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(scale > 0 && worst <= relative * scale, $"{what}: largest |difference| {worst:G4} against largest |logit| {scale:G4} (tolerance {relative:G2} of it)");
    }
}
