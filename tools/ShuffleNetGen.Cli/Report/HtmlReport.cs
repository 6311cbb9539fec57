using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using ShuffleNetGen.Bench.Compare;
using ShuffleNetGen.Runtime;

namespace ShuffleNetGen.Cli.Report;

/// <summary>
/// The profile page: one self-contained HTML file (inline CSS and SVG; no script, font or image fetched) showing, per kind and
/// per layer, the shares of multiply-adds, memory access and measured time side by side — ShuffleNet V2's Figure 2 for this
/// model on this machine — with the totals and the machine named.
/// </summary>
internal static class HtmlReport
{
    /// <summary>One colour per measure, the same in every chart and legend.</summary>
    private static readonly (string Name, string Colour)[] Measures = { ("multiply-adds", "#4e79a7"), ("memory access", "#f28e2b"), ("time", "#59a14f") };

    /// <summary>Colours of the kinds' segments in the stacked bars, in order of their time share.</summary>
    private static readonly string[] KindColours = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295" };

    public static string Write(ModelProfile profile, string specFile, string weights)
    {
        CostShares shares = CostShares.Of(profile);
        ModelInfo info = profile.Info;
        long memory = info.Layers.Sum(l => l.MemoryAccess);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append($"<title>{E(info.Name)}: where the cost goes</title>\n");
        html.Append("<style>\nbody{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
                    "td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left;font-size:13px}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}" +
                    ".key{display:inline-block;width:10px;height:10px;margin-right:4px}p.machine{color:#555}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{E(info.Name)}: where the cost goes</h1>\n");
        html.Append(F($"<p class=\"machine\" id=\"machine\">Measured on {E(MachineInfo.Cpu())} ({E(profile.SimdPath)}, {Environment.ProcessorCount} cores, {E(MachineInfo.Runtime())}, load average {E(MachineInfo.LoadAverage())}): one image on one thread, each layer's median over {profile.Iterations} runs. Spec <code>{E(specFile)}</code> ({E(info.Family)}), weights: {E(weights)}.</p>\n"));
        WriteTotals(html, profile, memory);
        html.Append("<h2>By kind</h2>\n<p>Each bar is 100% of the model: the share of each kind of layer in its multiply-adds, its memory access (floats read and written) and its measured time. Split, concat and shuffle run no code here: their channels are relabelled, so they cost nothing.</p>\n");
        WriteKindChart(html, shares.Kinds);
        WriteKindTable(html, shares.Kinds);
        html.Append("<h2>By layer</h2>\n");
        WriteLayerTable(html, shares.Layers);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void WriteTotals(StringBuilder html, ModelProfile profile, long memory)
    {
        ModelInfo info = profile.Info;
        html.Append("<table id=\"totals\">\n");
        html.Append(F($"<tr><th>multiply-adds</th><td class=\"n\">{info.MultiplyAdds:N0}</td></tr>\n"));
        html.Append(F($"<tr><th>parameters</th><td class=\"n\">{info.Parameters:N0}</td></tr>\n"));
        html.Append(F($"<tr><th>memory access (floats)</th><td class=\"n\">{memory:N0}</td></tr>\n"));
        html.Append(F($"<tr><th>median time per image</th><td class=\"n\">{profile.MedianMilliseconds:F3} ms</td></tr>\n"));
        html.Append(F($"<tr><th>layers</th><td class=\"n\">{info.Layers.Count}</td></tr>\n"));
        html.Append("</table>\n");
    }

    /// <summary>Three 100% bars (multiply-adds, memory, time), each stacked from the kinds' shares, with a legend of the kinds.</summary>
    private static void WriteKindChart(StringBuilder html, IReadOnlyList<CostShares.Row> kinds)
    {
        const int left = 120, width = 640, bar = 28, gap = 14, top = 10;
        int legendTop = top + 3 * (bar + gap) + 10;
        int height = legendTop + (kinds.Count + 1) / 2 * 18 + 10;
        html.Append(F($"<svg id=\"by-kind\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + width + 20}\" height=\"{height}\" role=\"img\" aria-label=\"Shares by kind\">\n"));
        Func<CostShares.Row, double>[] values = { k => k.MultiplyAdds, k => k.MemoryAccess, k => k.Time };
        for (int m = 0; m < 3; m++)
        {
            int y = top + m * (bar + gap);
            html.Append(F($"<text x=\"0\" y=\"{y + bar / 2 + 5}\" font-size=\"13\">{Measures[m].Name}</text>\n"));
            double x = left;
            for (int k = 0; k < kinds.Count; k++)
            {
                double w = values[m](kinds[k]) / 100 * width;
                if (w <= 0) continue;
                html.Append(F($"<rect class=\"share\" x=\"{x:F2}\" y=\"{y}\" width=\"{w:F2}\" height=\"{bar}\" fill=\"{KindColours[k % KindColours.Length]}\"><title>{E(kinds[k].Kind)}: {values[m](kinds[k]):F1}% of {Measures[m].Name}</title></rect>\n"));
                if (w > 34) html.Append(F($"<text x=\"{x + w / 2:F2}\" y=\"{y + bar / 2 + 4}\" font-size=\"11\" fill=\"#fff\" text-anchor=\"middle\">{values[m](kinds[k]):F0}%</text>\n"));
                x += w;
            }
        }
        for (int k = 0; k < kinds.Count; k++)
        {
            int x = left + (k % 2) * (width / 2), y = legendTop + k / 2 * 18;
            html.Append(F($"<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"{KindColours[k % KindColours.Length]}\"/><text x=\"{x + 18}\" y=\"{y + 11}\" font-size=\"12\">{E(kinds[k].Kind)}</text>\n"));
        }
        html.Append("</svg>\n");
    }

    private static void WriteKindTable(StringBuilder html, IReadOnlyList<CostShares.Row> kinds)
    {
        html.Append("<table id=\"kinds\">\n<tr><th>kind</th><th class=\"n\">layers</th><th class=\"n\">multiply-adds</th><th class=\"n\">memory access</th><th class=\"n\">time</th></tr>\n");
        foreach (CostShares.Row k in kinds)
        {
            html.Append(F($"<tr class=\"kind\"><td>{E(k.Kind)}</td><td class=\"n\">{k.Count}</td><td class=\"n\">{k.MultiplyAdds:F1}%</td><td class=\"n\">{k.MemoryAccess:F1}%</td><td class=\"n\">{k.Time:F1}%</td></tr>\n"));
        }
        html.Append("</table>\n");
    }

    /// <summary>One row per layer: its facts, its three shares as numbers, and as three bars on one scale (the largest share fills the cell).</summary>
    private static void WriteLayerTable(StringBuilder html, IReadOnlyList<CostShares.Row> layers)
    {
        double largest = layers.Max(r => Math.Max(r.MultiplyAdds, Math.Max(r.MemoryAccess, r.Time)));
        const int chart = 160;
        html.Append("<p>");
        foreach (var (name, colour) in Measures) html.Append(F($"<span class=\"key\" style=\"background:{colour}\"></span>{name} "));
        html.Append("(shares of the model's total)</p>\n");
        html.Append("<table id=\"layers\">\n<tr><th>layer</th><th>kind</th><th>in → out</th><th>fused</th><th class=\"n\">multiply-adds</th><th class=\"n\">memory</th><th class=\"n\">time (ms)</th>" +
                    "<th class=\"n\">MAdds %</th><th class=\"n\">memory %</th><th class=\"n\">time %</th><th>shares</th></tr>\n");
        foreach (CostShares.Row r in layers)
        {
            LayerInfo l = r.Layer!.Layer;
            html.Append(F($"<tr class=\"layer\" data-macs=\"{r.MultiplyAdds:R}\" data-memory=\"{r.MemoryAccess:R}\" data-time=\"{r.Time:R}\">"));
            html.Append(F($"<td>{E(l.Name)}</td><td>{E(l.Kind)}</td><td>{E(l.InputShape)} → {E(l.OutputShape)}</td><td>{E(l.Fused)}</td>"));
            html.Append(F($"<td class=\"n\">{l.MultiplyAdds:N0}</td><td class=\"n\">{l.MemoryAccess:N0}</td><td class=\"n\">{r.Layer.MedianMilliseconds:F4}</td>"));
            html.Append(F($"<td class=\"n\">{r.MultiplyAdds:F1}</td><td class=\"n\">{r.MemoryAccess:F1}</td><td class=\"n\">{r.Time:F1}</td>"));
            html.Append(F($"<td><svg width=\"{chart}\" height=\"18\" xmlns=\"http://www.w3.org/2000/svg\">"));
            double[] values = { r.MultiplyAdds, r.MemoryAccess, r.Time };
            for (int m = 0; m < 3; m++)
            {
                double w = largest == 0 ? 0 : values[m] / largest * chart;
                html.Append(F($"<rect x=\"0\" y=\"{m * 6}\" width=\"{w:F2}\" height=\"5\" fill=\"{Measures[m].Colour}\"/>"));
            }
            html.Append("</svg></td></tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
