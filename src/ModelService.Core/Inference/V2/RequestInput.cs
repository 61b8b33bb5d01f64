namespace ModelService.Core.Inference.V2;

/// <summary>
/// One input tensor of a v2 request as sent: its data is kept as the byte range of the JSON value, so it is
/// parsed once, straight into a typed buffer, after its datatype and shape are known and checked.
/// </summary>
public sealed record RequestInput(string Name, string Datatype, long[] Shape, int DataStart, int DataLength);
