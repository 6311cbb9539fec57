using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using ShuffleNetGen.Generator.Tests.Pipeline;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Compilation;

/// <summary>
/// The compiler runs the generator under the user's culture; the generated text must not depend on it (the Regex
/// generator's tests use a U+2212 minus sign for this). Every canonical spec plus one with a fractional width_scale.
/// </summary>
public class CultureInvarianceTests
{
    private const string Scaled = "name: Scaled\nfamily: shufflenet_v2\ninput: { channels: 3, height: 64, width: 48 }\nclasses: 10\n" +
                                  "width_scale: 0.75\nstem: { channels: 24 }\nstages:\n  - { repeats: 2, channels: 116 }\nhead: { channels: 1024 }\n";

    public static TheoryData<string> Cultures => new() { "minus-sign", "comma-decimal" };

    [Theory]
    [MemberData(nameof(Cultures))]
    public void GeneratedSourceIsByteIdenticalUnderAnyCulture(string kind)
    {
        GeneratorOutcome invariant = RunUnder(CultureInfo.InvariantCulture);
        GeneratorOutcome local = RunUnder(MakeCulture(kind));

        Assert.Equal(CanonicalSpecs.FileNames.Length + 1, invariant.Result.GeneratedSources.Length);
        Assert.All(local.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity));
        Assert.Equal(invariant.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), local.Diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));
        Assert.Equal(invariant.HintNames, local.HintNames);
        foreach (GeneratedSourceResult source in invariant.Result.GeneratedSources)
        {
            Assert.Equal(source.SourceText.ToString(), local.Source(source.HintName));
        }
    }

    private static CultureInfo MakeCulture(string kind)
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        if (kind == "minus-sign")
        {
            culture.NumberFormat.NegativeSign = "\u2212";
        }
        else
        {
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NumberGroupSeparator = ".";
        }
        return culture;
    }

    private static GeneratorOutcome RunUnder(CultureInfo culture)
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            AdditionalText[] specs = CanonicalSpecs.FileNames.Select(f => (AdditionalText)CanonicalSpecs.AdditionalText(f))
                .Append(new InMemoryAdditionalText(CanonicalSpecs.ProjectFolder + "scaled.model.yaml", Scaled)).ToArray();
            return GeneratorHarness.Run(GeneratorHarness.CreateDriver(specs));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }
}
