using System.Text;
using CsCheck;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Core.Inference.V2;
using ModelService.Core.Registry;

namespace ModelService.Core.Tests.Fuzzing;

/// <summary>
/// Property: whatever bytes arrive, the v2 request reader and the binder that turns its inputs into tensors refuse
/// with a <see cref="ModelServiceException"/> (a 400 or 413), never another exception (a 500). Bounded iterations,
/// one thread, so it takes seconds in the normal run; a failure prints the shrunk input and its seed.
/// </summary>
public sealed class V2RequestFuzzTests
{
    private const long MaxElements = 1 << 16;

    [Fact]
    public void The_request_reader_refuses_anything_with_a_typed_error() =>
        V2RequestGen.Bytes.Sample(bytes => { ReadOrRefuse(bytes, bind: false); }, iter: 100_000, threads: 1, print: Show);

    [Fact]
    public void Binding_inputs_to_a_model_signature_refuses_anything_with_a_typed_error() =>
        V2RequestGen.Bytes.Sample(bytes => { ReadOrRefuse(bytes, bind: true); }, iter: 100_000, threads: 1, print: Show);

    /// <summary>Inputs that crashed earlier versions, kept as they were found.</summary>
    [Theory]
    [InlineData("""{"\xBE":1,"inputs":[]}""")]
    [InlineData("""{"inputs":[{"name":"x\xA0","datatype":"FP32","shape":[1],"data":[1]}]}""")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"BYTES","shape":[1],"data":["\ud800"]}]}""")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2147483648,2147483648],"data":[1]}]}""")]
    public void Inputs_found_by_fuzzing_are_refused_with_a_typed_error(string json) =>
        Assert.True(ReadOrRefuse(Latin1Escapes(json), bind: true));

    /// <summary>The test's text with <c>\xHH</c> standing for the raw byte HH (so invalid UTF-8 can be written down).</summary>
    private static byte[] Latin1Escapes(string text) =>
        Encoding.Latin1.GetBytes(System.Text.RegularExpressions.Regex.Replace(text, @"\\x([0-9A-F]{2})", m => ((char)Convert.ToByte(m.Groups[1].Value, 16)).ToString()));

    /// <summary>True when refused; false when accepted. Any other exception escapes and fails the property.</summary>
    private static bool ReadOrRefuse(byte[] bytes, bool bind)
    {
        try
        {
            var request = InferenceRequestReader.Read(bytes);
            if (bind)
            {
                using var prepared = new InputBinder(MaxElements).Bind(bytes, request, SignatureOf(request));
            }

            return false;
        }
        catch (ModelServiceException exception) when (exception.Code is ErrorCode.InvalidRequest or ErrorCode.PayloadTooLarge)
        {
            return true;
        }
    }

    /// <summary>A model that takes exactly what the request declares (where it is a real datatype), so binding reaches the data.</summary>
    private static ModelSignature SignatureOf(InferenceRequest request) => new(
        request.Inputs
            .Where(input => V2Datatype.TryGetElementType(input.Datatype, out _))
            .DistinctBy(input => input.Name)
            .Select(input => new TensorSpec(input.Name, input.Datatype, input.Shape.Select((d, i) => i == 0 ? -1 : d).ToArray()))
            .ToArray(),
        []);

    private static string Show(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
