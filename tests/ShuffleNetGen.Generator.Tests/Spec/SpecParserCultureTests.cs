using System.Globalization;
using ShuffleNetGen.Generator.Spec;
using Xunit;

namespace ShuffleNetGen.Generator.Tests.Spec;

/// <summary>
/// The compiler may run under any culture; the spec's numbers and the messages must not depend on it
/// (the Regex generator's tests use a culture whose minus sign is U+2212 for the same reason).
/// </summary>
public class SpecParserCultureTests
{
    private const string Valid = """
        name: Net
        family: shufflenet_v2
        input: { channels: 3, height: 224, width: 224 }
        classes: +1000
        width_scale: 0.75
        stem: { channels: 24 }
        stages:
          - { repeats: 4, channels: 116 }
        head: { channels: 1024 }
        """;

    private const string Invalid = """
        name: Net
        family: shufflenet_v2
        input: { channels: -3, height: 1.5, width: 224 }
        classes: −1000
        width_scale: -0.5
        stem: { channels: 24 }
        stages:
          - { repeats: 4, channels: 116 }
        head: { channels: 1024 }
        """;

    public static TheoryData<string> Cultures => new() { "minus-sign", "comma-decimal" };

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

    private static SpecParseResult ParseUnder(CultureInfo culture, string text)
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        CultureInfo savedUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return SpecAssert.Parse(text);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = savedUi;
        }
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void ValidSpecParsesTheSameUnderAnyCulture(string kind)
    {
        SpecParseResult underCulture = ParseUnder(MakeCulture(kind), Valid);
        Assert.Equal(SpecAssert.Parse(Valid), underCulture);
        Assert.Equal((1000, 0.75), (underCulture.Spec!.Classes, underCulture.Spec.WidthScale));
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void DiagnosticsAreTheSameUnderAnyCulture(string kind)
    {
        SpecParseResult underCulture = ParseUnder(MakeCulture(kind), Invalid);
        SpecParseResult invariant = SpecAssert.Parse(Invalid);
        Assert.Equal(invariant, underCulture);
        Assert.Equal(
            "SNG0005@2:19 'input.channels' is -3; it must be from 1 to 64; " +
            "SNG0004@2:31 'input.height' must be a whole number, but is '1.5'; " +
            "SNG0004@3:9 'classes' must be a whole number, but is '−1000'; " +
            "SNG0005@4:13 'width_scale' is -0.5; it must be greater than 0 and at most 8",
            SpecAssert.Format(underCulture));
    }
}
