using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Inference;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Benchmarks;

/// <summary>
/// The issue-15 goal: one call of the same model on the same FP32 input, as JSON tensors in and out versus binary
/// tensor data in and out, through the request reader, ONNX Runtime and the streamed response writer. The model is
/// y = x + bias over [rows, 100], so the protocol's codec, not the model, is what differs.
/// </summary>
[MemoryDiagnoser]
public class TensorCodecBenchmarks
{
    private const int Width = 100;
    private InferenceSession _session = null!;
    private ModelSignature _signature = null!;
    private InferenceEngine _engine = null!;
    private ModelIdentity _model = null!;
    private byte[] _json = null!;
    private InferenceRequestBody _binary = null!;

    /// <summary>Input elements (rows × 100): 10,000 is the goal's size.</summary>
    [Params(10_000, 100_000)]
    public int Elements { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = new InferenceSession(TestModels.AddBias(Width));
        _signature = ModelSignatureReader.Read(_session);
        _engine = new InferenceEngine(Options.Create(new InferenceOptions()));
        _model = new ModelIdentity("codec", "1");
        var x = Enumerable.Range(0, Elements).Select(i => (float)Math.Sin(i) * 100f).ToArray();
        _json = JsonRequest(x);
        _binary = BinaryRequest(x);
        if (Json() <= 0 || Binary() <= 0)
        {
            throw new InvalidOperationException("The codec benchmark's calls must answer.");
        }
    }

    [Benchmark(Baseline = true, Description = "JSON in, JSON out")]
    public long Json() => Call(InferenceRequestBody.FromJson(_json));

    [Benchmark(Description = "binary in, binary out")]
    public long Binary() => Call(_binary);

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    private long Call(InferenceRequestBody body)
    {
        using var result = _engine.Infer(_session, _signature, _model, body, null, CancellationToken.None);
        using var sink = new CountingStream();
        result.Response.WriteToAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        return sink.Length;
    }

    private byte[] JsonRequest(float[] x) => Encoding.UTF8.GetBytes(
        $$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[{{Elements / Width}},{{Width}}],"data":[{{string.Join(',', x.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}]}]}""");

    private InferenceRequestBody BinaryRequest(float[] x)
    {
        var header = Encoding.UTF8.GetBytes(
            $$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[{{Elements / Width}},{{Width}}],"parameters":{"binary_data_size":{{x.Length * 4}}}""" + """}],"parameters":{"binary_data_output":true}}""");
        var body = new byte[header.Length + (x.Length * 4)];
        header.CopyTo(body, 0);
        for (var i = 0; i < x.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + (i * 4)), x[i]);
        }

        return new InferenceRequestBody(body, header.Length);
    }

    /// <summary>A response body sink that only counts, like a fast client.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
