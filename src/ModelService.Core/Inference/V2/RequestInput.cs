namespace ModelService.Core.Inference.V2;

/// <summary>
/// One input tensor of a v2 request as sent: its data is kept as a byte range of the body, so it is read once,
/// straight into an ONNX Runtime value, after its datatype and shape are known and checked. The range holds a
/// JSON value, or (<see cref="IsBinary"/>) the tensor's raw bytes after the JSON object (binary data extension).
/// </summary>
public sealed record RequestInput(string Name, string Datatype, long[] Shape, int DataStart, int DataLength, bool IsBinary = false);
