using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;

namespace ShuffleNetGen.Cli.Tests;

/// <summary>
/// The page <c>shufflenetgen profile</c> writes for shufflenet_v2_x1_0, opened in headless Chromium (Debian's, driven by
/// Playwright; nothing downloaded): one row per layer, the three shares each summing to 100%, and the chart drawn.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Where the page and its screenshot are left for a person to look at.</summary>
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "shufflenetgen-report");

    [Fact]
    public async Task The_v2_page_has_a_row_per_layer_shares_summing_to_100_and_a_drawn_chart()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        Directory.CreateDirectory(Folder);
        string html = Path.Combine(Folder, "shufflenet_v2_x1_0.html");
        string spec = CliRun.Spec("shufflenet_v2_x1_0.model.yaml");
        CliRun run = CliRun.Of("profile", spec, "--html", html, "--iterations", "5");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("seeded random weights", run.Output, StringComparison.Ordinal);
        int layers = System.Text.Json.JsonDocument.Parse(CliRun.Of("report", spec, "--json").Output).RootElement.GetProperty("layers").GetArrayLength();

        string text = File.ReadAllText(html);
        Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", ""), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", text, StringComparison.Ordinal);

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        IPage page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await page.GotoAsync(new Uri(html).AbsoluteUri);

        IElementHandle[] rows = (await page.QuerySelectorAllAsync("#layers tr.layer")).ToArray();
        Assert.Equal(layers, rows.Length);
        foreach (string share in new[] { "macs", "memory", "time" })
        {
            double sum = await page.EvaluateAsync<double>($"() => [...document.querySelectorAll('#layers tr.layer')].reduce((s, r) => s + parseFloat(r.dataset.{share}), 0)");
            Assert.InRange(sum, 99.5, 100.5);
        }
        Assert.Contains(global::ShuffleNetGen.Bench.Compare.MachineInfo.Cpu(), await page.InnerTextAsync("#machine"), StringComparison.Ordinal);
        Assert.Contains("multiply-adds", await page.InnerTextAsync("#totals"), StringComparison.Ordinal);

        ILocator chart = page.Locator("#by-kind");
        Assert.True(await page.Locator("#by-kind rect.share").CountAsync() >= 6, "fewer than two kinds per bar");
        LocatorBoundingBoxResult? box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 100 }, "the chart has no size");
        byte[] drawn = await chart.ScreenshotAsync(new() { Path = Path.Combine(Folder, "by-kind.png") });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Folder, "page.png"), FullPage = false });
        await page.EvaluateAsync("() => document.querySelector('#by-kind').innerHTML = ''");
        byte[] blank = await chart.ScreenshotAsync();
        Assert.True(drawn.Length > 3 * blank.Length, $"the chart's screenshot ({drawn.Length} bytes) is hardly more than a blank one ({blank.Length} bytes)");
    }
}
