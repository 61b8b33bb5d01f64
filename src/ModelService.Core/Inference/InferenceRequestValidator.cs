using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Inference.V2;
using ModelService.Core.Registry;

namespace ModelService.Core.Inference;

/// <summary>
/// Checks a request against a model's signature exactly as a sync call does before running (size, JSON, names,
/// datatypes, shapes, element counts, values, requested outputs), without a session: so an async request that
/// cannot run is refused at submission instead of being stored.
/// </summary>
public sealed class InferenceRequestValidator
{
    private readonly InferenceOptions _options;
    private readonly InputBinder _binder;

    public InferenceRequestValidator(IOptions<InferenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _binder = new InputBinder(_options.MaxElementsPerRequest);
    }

    public void Validate(ModelSignature signature, ReadOnlyMemory<byte> requestJson)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (requestJson.Length > _options.MaxRequestBytes)
        {
            throw new ModelServiceException(ErrorCode.PayloadTooLarge, $"The request body is larger than the limit of {_options.MaxRequestBytes} bytes.");
        }

        var request = InferenceRequestReader.Read(requestJson.Span);
        foreach (var name in request.RequestedOutputs.Select(requested => requested.Name))
        {
            if (!signature.Outputs.Any(output => output.Name == name))
            {
                throw new ModelServiceException(ErrorCode.InvalidRequest, $"The model has no output '{name}'; it returns {string.Join(", ", signature.Outputs.Select(o => $"'{o.Name}'"))}.");
            }
        }

        using var inputs = _binder.Bind(requestJson.Span, request, signature);
    }
}
