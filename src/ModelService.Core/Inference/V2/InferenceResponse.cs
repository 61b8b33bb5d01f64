using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using ModelService.Core.Telemetry;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// A v2 infer response, ready to be written: model name and version, the request's id and parameters, and each
/// output, as JSON data or as binary data after the JSON object. It is written to the destination as a stream
/// (JSON flushed in slices, binary data copied from the tensors' memory), never built whole and copied. It owns
/// the output values (and what keeps them valid); dispose it once written.
/// </summary>
public sealed class InferenceResponse : IDisposable
{
    private const int FlushBytes = 64 * 1024;
    private const int JsonSliceElements = 8192;

    private readonly ModelIdentity _model;
    private readonly string? _id;
    private readonly RequestParameters _parameters;
    private readonly IReadOnlyList<ResponseOutput> _outputs;
    private readonly long[] _binarySizes;
    private readonly List<IDisposable> _owned;
    private readonly bool _hasBinary;
    private byte[]? _header;

    internal InferenceResponse(ModelIdentity model, string? id, RequestParameters parameters, IReadOnlyList<ResponseOutput> outputs, List<IDisposable> owned)
    {
        _model = model;
        _id = id;
        _parameters = parameters;
        _outputs = outputs;
        _owned = owned;
        _binarySizes = [.. outputs.Select(o => o.Binary ? BinaryTensorWriter.SizeOf(o) : 0)];
        _hasBinary = outputs.Any(o => o.Binary);
    }

    /// <summary>True when binary data follows the JSON object (<c>Inference-Header-Content-Length</c> must be sent).</summary>
    public bool HasBinaryData => _hasBinary;

    /// <summary>The JSON object's length when binary data follows it.</summary>
    public int? JsonLength => _hasBinary ? Header.Length : null;

    /// <summary>The whole body's length when known before writing (responses with binary data); null for JSON, which is streamed.</summary>
    public long? ContentLength => _hasBinary ? Header.Length + _binarySizes.Sum() : null;

    /// <summary>The JSON object ahead of binary data, built once: its length is a header of the answer.</summary>
    private byte[] Header
    {
        get
        {
            if (_header is null)
            {
                var header = new ArrayBufferWriter<byte>(512);
                WriteJsonAsync(header, null, CancellationToken.None).GetAwaiter().GetResult();
                _header = header.WrittenSpan.ToArray();
            }

            return _header;
        }
    }

    public string ContentType => HasBinaryData ? "application/octet-stream" : "application/json";

    internal IReadOnlyList<ResponseOutput> Outputs => _outputs;

    internal IReadOnlyList<long> BinarySizes => _binarySizes;

    /// <summary>Called once the body is written, with how long writing took (statistics: compute_output).</summary>
    internal Action<TimeSpan>? Written { get; set; }

    public async Task WriteToAsync(PipeWriter destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var activity = ModelServiceTelemetry.Source.StartActivity("serialise");
        var started = Stopwatch.GetTimestamp();
        if (!_hasBinary)
        {
            await WriteJsonAsync(destination, destination, cancellationToken);
        }
        else
        {
            destination.Write(Header);
            await WriteBinaryAsync(destination, cancellationToken);
        }

        await destination.FlushAsync(cancellationToken);
        Written?.Invoke(Stopwatch.GetElapsedTime(started));
    }

    public async Task WriteToAsync(Stream destination, CancellationToken cancellationToken)
    {
        var pipe = PipeWriter.Create(destination, new StreamPipeWriterOptions(leaveOpen: true));
        await WriteToAsync(pipe, cancellationToken);
        await pipe.CompleteAsync();
    }

    /// <summary>The whole body in memory: for stored async results and tests, never for the HTTP path.</summary>
    public byte[] ToArray()
    {
        using var memory = new MemoryStream();
        WriteToAsync(memory, CancellationToken.None).GetAwaiter().GetResult();
        return memory.ToArray();
    }

    /// <summary>The exact length of the JSON object, by writing it to a sink that only counts.</summary>
    internal long MeasureJson()
    {
        var counter = new CountingBufferWriter();
        WriteJsonAsync(counter, null, CancellationToken.None).GetAwaiter().GetResult();
        return counter.Count;
    }

    /// <summary>Keeps <paramref name="resource"/> (the session lease) alive until the response is disposed, after the values.</summary>
    internal void Own(IDisposable resource) => _owned.Insert(0, resource);

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    /// <summary>Writes the JSON object; with a pipe to flush, pending bytes are sent every <see cref="FlushBytes"/>.</summary>
    private async Task WriteJsonAsync(IBufferWriter<byte> buffer, PipeWriter? flush, CancellationToken cancellationToken)
    {
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        WriteStart(writer);
        for (var i = 0; i < _outputs.Count; i++)
        {
            var output = _outputs[i];
            WriteOutputStart(writer, output, _binarySizes[i]);
            if (!output.Binary)
            {
                writer.WritePropertyName("data"u8);
                writer.WriteStartArray();
                for (var start = 0L; start < output.ElementCount; start += JsonSliceElements)
                {
                    TensorDataWriter.WriteRange(writer, output.Value, output.ElementType, (int)start, (int)Math.Min(output.ElementCount, start + JsonSliceElements));
                    if (flush is not null && writer.BytesPending >= FlushBytes)
                    {
                        writer.Flush();
                        await flush.FlushAsync(cancellationToken);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
    }

    private void WriteStart(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, _model.Name);
        writer.WriteString("model_version"u8, _model.Version);
        if (_id is not null)
        {
            writer.WriteString("id"u8, _id);
        }

        if (_parameters.PassedThrough.Count > 0)
        {
            writer.WriteStartObject("parameters"u8);
            foreach (var (name, raw) in _parameters.PassedThrough)
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(raw, skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("outputs"u8);
    }

    private static void WriteOutputStart(Utf8JsonWriter writer, ResponseOutput output, long binarySize)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, output.Name);
        writer.WriteString("datatype"u8, output.Datatype);
        writer.WriteStartArray("shape"u8);
        foreach (var dim in output.Shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        if (output.Binary)
        {
            writer.WriteStartObject("parameters"u8);
            writer.WriteNumber("binary_data_size"u8, binarySize);
            writer.WriteEndObject();
        }
    }

    private async Task WriteBinaryAsync(PipeWriter destination, CancellationToken cancellationToken)
    {
        foreach (var output in _outputs.Where(o => o.Binary))
        {
            for (var position = 0L; position >= 0;)
            {
                position = BinaryTensorWriter.WriteSlice(destination, output, position);
                await destination.FlushAsync(cancellationToken);
            }
        }
    }
}
