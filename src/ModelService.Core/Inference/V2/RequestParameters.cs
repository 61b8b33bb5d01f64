namespace ModelService.Core.Inference.V2;

/// <summary>
/// A request's <c>parameters</c>: <c>binary_data_output</c> (every output as binary unless an output says
/// otherwise) and every other parameter as its raw JSON value, echoed in the response's <c>parameters</c>.
/// </summary>
public sealed record RequestParameters(bool BinaryDataOutput, IReadOnlyList<KeyValuePair<string, byte[]>> PassedThrough)
{
    public static RequestParameters None { get; } = new(false, []);
}
