using System.CommandLine;
using System.Globalization;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>An integer option that must be at least 1 (<c>--iterations</c>, <c>--top</c>, <c>--runs</c>, <c>--blocks</c>).</summary>
internal static class PositiveOption
{
    public static Option<int> Create(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            // A token that is not a number already failed to parse, with System.CommandLine's own message.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value < 1)
            {
                result.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }
}
