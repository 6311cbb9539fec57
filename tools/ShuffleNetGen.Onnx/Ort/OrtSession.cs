using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace ShuffleNetGen.Onnx.Ort;

/// <summary>
/// One ONNX model loaded in ONNX Runtime (CPU), run in a long-lived <c>node tools/ort/run.mjs</c> process: ONNX Runtime ships
/// here only as the onnxruntime-node npm package. Calls are serialised; dispose to end the process.
/// </summary>
public sealed class OrtSession : IDisposable
{
    private const string PackageName = "onnxruntime-node";

    private readonly Process _process;
    private readonly OrtFrameChannel _channel;
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Starts the runner and loads <paramref name="modelPath"/> (input [N, channels, height, width]), then runs it once on zeros.</summary>
    /// <param name="intraOpThreads">ONNX Runtime's <c>intraOpNumThreads</c>; 1 compares against one core.</param>
    /// <exception cref="InvalidOperationException">Node.js or the onnxruntime-node package is missing (the message names the install
    /// command), or ONNX Runtime rejects the model.</exception>
    public OrtSession(string modelPath, int channels, int height, int width, int intraOpThreads = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intraOpThreads);
        Channels = channels;
        Height = height;
        Width = width;

        string runnerDirectory = RunnerDirectory;
        if (!File.Exists(Path.Combine(runnerDirectory, "node_modules", PackageName, "package.json")))
        {
            throw new InvalidOperationException(
                $"ONNX Runtime for Node.js is not installed ('{Path.Combine(runnerDirectory, "node_modules", PackageName)}' is missing). Install it with: {InstallCommand}");
        }
        _process = StartRunner(runnerDirectory, _stderr);
        _channel = new OrtFrameChannel(_process.StandardInput.BaseStream, _process.StandardOutput.BaseStream);

        string fullPath = Path.GetFullPath(modelPath);
        JsonElement loaded;
        try
        {
            loaded = Request(json =>
            {
                json.WriteString("op", "load");
                json.WriteString("model", fullPath);
                json.WriteNumber("threads", intraOpThreads);
                WriteDims(json, 1);
            }, ReadOnlySpan<float>.Empty).Header;
        }
        catch
        {
            Dispose();
            throw;
        }
        SessionCreateMilliseconds = loaded.GetProperty("createMs").GetDouble();
        FirstRunMilliseconds = loaded.GetProperty("firstRunMs").GetDouble();
    }

    /// <summary>tools/ort in this checkout: run.mjs, package.json and (once installed) node_modules.</summary>
    public static string RunnerDirectory => Path.Combine(RepositoryRoot.Find(), "tools", "ort");

    /// <summary>The command that installs the onnxruntime-node package the runner needs.</summary>
    public static string InstallCommand => $"cd {RunnerDirectory} && npm ci --ignore-scripts";

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary><c>InferenceSession.create</c>, in milliseconds, measured inside the runner.</summary>
    public double SessionCreateMilliseconds { get; }

    /// <summary>The first run (batch 1, zeros) after creation, in milliseconds.</summary>
    public double FirstRunMilliseconds { get; }

    /// <summary>Cold start: session creation plus the first run. Node's own start-up is excluded.</summary>
    public double ColdStartMilliseconds => SessionCreateMilliseconds + FirstRunMilliseconds;

    /// <summary>Runs <paramref name="batch"/> images (NCHW float32) and returns the logits, [batch, classes] row-major.</summary>
    public float[] Run(float[] input, int batch)
    {
        CheckInput(input, batch);
        (JsonElement header, float[] logits) = Request(json =>
        {
            json.WriteString("op", "run");
            WriteDims(json, batch);
        }, input);
        long outBatch = header.GetProperty("dims")[0].GetInt64();
        if (outBatch != batch || logits.Length % batch != 0)
        {
            throw new InvalidOperationException($"ONNX Runtime returned {logits.Length} logits for batch {outBatch}; expected batch {batch}.");
        }
        return logits;
    }

    /// <summary>Runs <paramref name="warmup"/> untimed then <paramref name="runs"/> timed inferences; per-run milliseconds, sorted ascending.</summary>
    public double[] Time(float[] input, int batch, int warmup, int runs)
    {
        CheckInput(input, batch);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        JsonElement header = Request(json =>
        {
            json.WriteString("op", "time");
            WriteDims(json, batch);
            json.WriteNumber("warmup", warmup);
            json.WriteNumber("runs", runs);
        }, input).Header;
        return header.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Closes the runner's input, which ends it; kills it if it does not exit promptly.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The runner already died and closed its end of the pipe; there is nothing left to tell it.
        }
        if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>Starts node on run.mjs; its stderr (ONNX Runtime's own errors) is collected for the message if it dies.</summary>
    private static Process StartRunner(string runnerDirectory, StringBuilder stderr)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = runnerDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(runnerDirectory, "run.mjs"));
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr) stderr.AppendLine(e.Data);
        };
        try
        {
            process.Start();
            process.BeginErrorReadLine();
            return process;
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Node.js ('node') could not be started ({ex.Message}). Install Node.js 18 or later (e.g. `apt-get install -y nodejs npm`), then run: {InstallCommand}", ex);
        }
    }

    private (JsonElement Header, float[] Payload) Request(Action<Utf8JsonWriter> writeFields, ReadOnlySpan<float> payload)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _channel.Send(writeFields, payload);
                return _channel.Receive();
            }
            catch (Exception ex) when (ex is IOException or EndOfStreamException)
            {
                string stderr;
                _process.WaitForExit(2000);
                lock (_stderr) stderr = _stderr.ToString().Trim();
                throw new InvalidOperationException($"The ONNX Runtime runner (node {Path.Combine(RunnerDirectory, "run.mjs")}) stopped: {stderr}", ex);
            }
        }
    }

    private void CheckInput(float[] input, int batch)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        long expected = (long)batch * Channels * Height * Width;
        if (input.Length != expected)
        {
            throw new ArgumentException(
                $"Input holds {input.Length} floats; batch {batch} of {Channels}x{Height}x{Width} needs {expected}.", nameof(input));
        }
    }

    private void WriteDims(Utf8JsonWriter json, int batch)
    {
        json.WriteStartArray("dims");
        json.WriteNumberValue(batch);
        json.WriteNumberValue(Channels);
        json.WriteNumberValue(Height);
        json.WriteNumberValue(Width);
        json.WriteEndArray();
    }
}
