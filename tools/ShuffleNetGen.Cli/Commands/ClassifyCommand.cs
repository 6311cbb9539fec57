using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text.Json;
using ShuffleNetGen.Cli.Specs;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Classification;
using ShuffleNetGen.Runtime.Imaging;
using ShuffleNetGen.Runtime.Weights;
using Spectre.Console;

namespace ShuffleNetGen.Cli.Commands;

/// <summary>
/// <c>classify SPEC --weights W IMAGE… [--top K] [--json]</c>: compiles the spec, loads its weights and prints each image's top
/// classes through the generated class's <c>Classify</c> — the spec's <c>preprocess:</c> (its family's evaluation transform by
/// default) and <c>labels:</c>. An image that cannot be read or decoded is an error naming its file; the others still run.
/// </summary>
internal static class ClassifyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<FileInfo> spec = SpecArgument.Create();
        var images = new Argument<FileInfo[]>("images") { Description = "Image files (PNG, JPEG, BMP, TGA, GIF).", Arity = ArgumentArity.OneOrMore };
        var weights = new Option<FileInfo>("--weights") { Description = "The model's state_dict (safetensors or a torch.save .pth).", Required = true };
        weights.AcceptExistingOnly();
        Option<int> top = PositiveOption.Create("--top", "How many classes to print per image (at least 1).", 5);
        var json = new Option<bool>("--json") { Description = "Print JSON: one object per image with its top classes (index, label, probability)." };
        var command = new Command("classify", "Compile the spec, load its weights and print each image's top classes, preprocessed as the spec says.")
        {
            spec, images, weights, top, json,
        };
        command.SetAction(parsed =>
        {
            SpecPipeline? pipeline = Diagnostics.Read(parsed.GetValue(spec)!, error);
            if (pipeline is null) return Diagnostics.Failed;
            bool asJson = parsed.GetValue(json);
            IAnsiConsole console = Consoles.Over(asJson ? TextWriter.Null : output);
            string weightsPath = parsed.GetValue(weights)!.FullName;
            return CompiledRun.Run(console, pipeline, weightsPath, error, (_, model, _) => model, (model, _) =>
            {
                int k = Math.Min(parsed.GetValue(top), model.Classes);
                var results = new List<(string Image, ClassScore[] Scores)>();
                bool failed = false;
                foreach (FileInfo image in parsed.GetValue(images)!)
                {
                    ClassScore[]? scores = Classify(model, image, k, error);
                    if (scores is null)
                    {
                        failed = true;
                        continue;
                    }
                    results.Add((image.FullName, scores));
                    if (!asJson) Print(console, image, scores);
                }
                if (asJson) output.WriteLine(Json(results));
                else console.MarkupLine(Markup.Escape($"{model.Info.Name}, preprocessed as {model.Preprocessing}; weights {Path.GetFileName(weightsPath)}."));
                return failed ? Diagnostics.Failed : 0;
            });
        });
        return command;
    }

    /// <summary>The image's top classes, or null after an error naming the file went to <paramref name="error"/>.</summary>
    private static ClassScore[]? Classify(IImageClassifier model, FileInfo image, int top, TextWriter error)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(image.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string problem = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            error.WriteLine($"error: {image.FullName}: cannot read the image: {problem}");
            return null;
        }
        try
        {
            return model.Classify(bytes, top);
        }
        catch (ImageDecodeException e)
        {
            error.WriteLine($"error: {image.FullName}: {e.Problem}");
            return null;
        }
    }

    private static void Print(IAnsiConsole console, FileInfo image, ClassScore[] scores)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape(image.Name)) };
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn(new TableColumn("probability").RightAligned());
        table.AddColumn(new TableColumn("class").RightAligned());
        table.AddColumn("label");
        for (int i = 0; i < scores.Length; i++)
        {
            ClassScore s = scores[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), s.Probability.ToString("P2", CultureInfo.InvariantCulture),
                s.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Label));
        }
        console.Write(table);
    }

    private static string Json(List<(string Image, ClassScore[] Scores)> results)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach ((string image, ClassScore[] scores) in results)
            {
                writer.WriteStartObject();
                writer.WriteString("image", image);
                writer.WriteStartArray("top");
                foreach (ClassScore s in scores)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("index", s.Index);
                    writer.WriteString("label", s.Label);
                    writer.WriteNumber("probability", s.Probability);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
