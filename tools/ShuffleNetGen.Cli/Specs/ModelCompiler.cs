using System;
using System.CodeDom.Compiler;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShuffleNetGen.Generator;
using ShuffleNetGen.Runtime;

namespace ShuffleNetGen.Cli.Specs;

/// <summary>
/// Compiles a spec in process as a user's build would — the generator under Roslyn, optimised — and loads the class, so a
/// spec can be run without a project. Its <c>Load(string)</c> reads the weights.
/// </summary>
internal static class ModelCompiler
{
    /// <summary>The compiled class's static <c>Info</c> and its <c>Load(string path)</c>.</summary>
    public sealed record CompiledModel(ModelInfo Info, Func<string, IImageClassifier> Load);

    public static CompiledModel Compile(SpecPipeline spec)
    {
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable);
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        CSharpCompilation project = CSharpCompilation.Create("ShuffleNetGen.Cli.Model", Array.Empty<SyntaxTree>(), References(), options);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ModelGenerator().AsSourceGenerator() },
            new AdditionalText[] { new SpecText(spec.Path) }, parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(project, out Compilation output, out _);

        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = output.Emit(image);
        if (!result.Success)
        {
            string problems = string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10));
            throw new InvalidOperationException("The generated class did not compile (please report it):" + Environment.NewLine + problems);
        }
        Assembly assembly = Assembly.Load(image.ToArray());
        Type type = assembly.GetTypes().Single(t => t.Name == spec.Spec!.Name && t.GetCustomAttribute<GeneratedCodeAttribute>() is not null);
        MethodInfo load = type.GetMethod("Load", new[] { typeof(string) })!;
        var info = (ModelInfo)type.GetProperty("Info", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return new CompiledModel(info, path =>
        {
            try
            {
                return (IImageClassifier)load.Invoke(null, new object[] { path })!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        });
    }

    /// <summary>The platform this process runs on, and the runtime it loaded: what the generated code compiles against.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        string platform = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "";
        return platform.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileName(p).StartsWith("ShuffleNetGen.", StringComparison.Ordinal))
            .Append(typeof(ModelInfo).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
    }
}
