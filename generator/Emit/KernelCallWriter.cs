using System.Globalization;
using System.Text;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Planning;

namespace ShuffleNetGen.Generator.Emit;

/// <summary>
/// Fills a catalogue row's call templates: <c>{name}</c> becomes the step's (or weight entry's) value as C# source, so the
/// emitter writes every kernel's load and run call the same way and a new row needs no emitter code.
/// </summary>
internal static class KernelCallWriter
{
    private const string K = "global::ShuffleNetGen.Runtime.Kernels";

    /// <summary><c>global::…Kernels.{Row}.Run({arguments}[, part: …]);</c></summary>
    public static string Run(PlanStep s, ExecutionPlan plan, string? part)
    {
        KernelRow row = KernelCatalogue.Named(s.Kernel);
        WeightEntry? e = s.WeightEntry < 0 ? null : plan.Weights[s.WeightEntry];
        string arguments = Fill(row.RunArguments, name => StepValue(name, s, e));
        return $"{K}.{row.Name}.Run({arguments}{(part is null ? "" : ", part: " + part)});";
    }

    /// <summary><c>loader.{LoadCall};</c></summary>
    public static string Load(WeightEntry e)
    {
        KernelRow row = KernelCatalogue.Named(e.Kernel);
        return "loader." + Fill(row.LoadCall!, name => EntryValue(name, e)) + ";";
    }

    private static string StepValue(string name, PlanStep s, WeightEntry? e) => name switch
    {
        "input" => Span(s.Input),
        "inputTable" => s.InputTable ?? "default",
        "output" => Span(s.Output),
        "outputTable" => s.OutputTable ?? "default",
        "inChannels" => I(s.InShape.Channels),
        "height" => I(s.InShape.Height),
        "width" => I(s.InShape.Width),
        "pixels" => I(s.InShape.Pixels),
        "outChannels" => I(s.OutShape.Channels),
        "outHeight" => I(s.OutShape.Height),
        "outWidth" => I(s.OutShape.Width),
        "stride" => I(s.Stride),
        "padding" => I(s.Padding),
        "weights" => Weights(e!),
        "bias" => Bias(e!),
        "activation" => $"{K}.Activation.{RuntimeName(s.Activation)}",
        "residual" => s.Residual ? "true" : "false",
        _ => throw new System.ArgumentException($"Unknown run-call placeholder '{{{name}}}'.", nameof(name)),
    };

    private static string EntryValue(string name, WeightEntry e) => name switch
    {
        "weightKey" => Literal(e.WeightKey),
        "biasKey" => e.BiasKey is null ? "null" : Literal(e.BiasKey),
        "bn" => e.BatchNormPrefix is null ? "null" : Literal(e.BatchNormPrefix),
        "eps" => e.BatchNormEpsilon.ToString("R", CultureInfo.InvariantCulture) + "d",
        "out" => I(e.OutChannels),
        "in" => I(e.InChannels),
        "groups" => I(e.Groups),
        "group" => I(e.Group),
        "w" => $"w.Slice({I(e.WeightOffset)}, {I(e.WeightLength)})",
        "b" => $"w.Slice({I(e.BiasOffset)}, {I(e.BiasLength)})",
        _ => throw new System.ArgumentException($"Unknown load-call placeholder '{{{name}}}'.", nameof(name)),
    };

    /// <summary>The runtime's <c>Activation</c> member for a graph activation.</summary>
    private static string RuntimeName(ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => "Relu",
        ActivationKind.Relu6 => "Relu6",
        ActivationKind.HardSwish => "HardSwish",
        ActivationKind.HardSigmoid => "HardSigmoid",
        _ => "Identity",
    };

    private static string Fill(string template, System.Func<string, string> value)
    {
        var sb = new StringBuilder(template.Length * 2);
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }
            int close = template.IndexOf('}', open);
            sb.Append(template, i, open - i).Append(value(template.Substring(open + 1, close - open - 1)));
            i = close + 1;
        }
        return sb.ToString();
    }

    public static string Span(Region r) => r.Kind switch
    {
        RegionKind.Input => "input",
        RegionKind.Output => "output",
        _ => $"arena.Slice({I(r.Offset)}, {I(r.Length)})",
    };

    public static string Weights(WeightEntry e) => $"w.Slice({I(e.WeightOffset)}, {I(e.WeightLength)})";
    public static string Bias(WeightEntry e) => e.BiasLength == 0 ? "default" : $"w.Slice({I(e.BiasOffset)}, {I(e.BiasLength)})";
    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A C# string literal; spec-derived text is escaped so no spec can break out of it.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < ' ' || c > '~') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
