using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ShuffleNetGen.Onnx.Ort;

/// <summary>
/// The framing tools/ort/run.mjs speaks: a line of JSON, then exactly <c>bytes</c> bytes of payload (float32, little-endian).
/// </summary>
internal sealed class OrtFrameChannel
{
    private readonly Stream _requests;
    private readonly Stream _responses;

    public OrtFrameChannel(Stream requests, Stream responses)
    {
        _requests = requests;
        _responses = new BufferedStream(responses, 1 << 16);
    }

    /// <summary>Sends a header written by <paramref name="writeFields"/> (plus <c>bytes</c>) and the floats as payload.</summary>
    public void Send(Action<Utf8JsonWriter> writeFields, ReadOnlySpan<float> payload)
    {
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            writeFields(json);
            json.WriteNumber("bytes", payload.Length * sizeof(float));
            json.WriteEndObject();
        }
        header.WriteByte((byte)'\n');
        header.WriteTo(_requests);
        _requests.Write(ToLittleEndianBytes(payload));
        _requests.Flush();
    }

    /// <summary>Reads one response; <c>ok: false</c> becomes an exception carrying the runner's message.</summary>
    public (JsonElement Header, float[] Payload) Receive()
    {
        string line = ReadLine() ?? throw new EndOfStreamException("The ONNX Runtime runner closed its output.");
        JsonElement header = JsonDocument.Parse(line).RootElement.Clone();
        int bytes = header.TryGetProperty("bytes", out JsonElement b) ? b.GetInt32() : 0;
        var raw = new byte[bytes];
        _responses.ReadExactly(raw);
        if (!header.GetProperty("ok").GetBoolean())
        {
            throw new InvalidOperationException("ONNX Runtime: " + header.GetProperty("error").GetString());
        }
        var payload = new float[bytes / sizeof(float)];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * sizeof(float)));
        }
        return (header, payload);
    }

    private string? ReadLine()
    {
        var line = new MemoryStream();
        while (true)
        {
            int b = _responses.ReadByte();
            if (b < 0) return null;
            if (b == '\n') return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length);
            line.WriteByte((byte)b);
        }
    }

    private static byte[] ToLittleEndianBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }
        return bytes;
    }
}
