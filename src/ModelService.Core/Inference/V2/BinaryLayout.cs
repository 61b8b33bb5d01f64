namespace ModelService.Core.Inference.V2;

/// <summary>
/// Places the binary inputs of a request: their bytes follow the JSON object back to back, in the order the inputs
/// are listed, and must fill the rest of the body exactly.
/// </summary>
internal static class BinaryLayout
{
    public static IReadOnlyList<RequestInput> Assign(IReadOnlyList<RequestInput> inputs, int? jsonLength, int bodyLength)
    {
        if (jsonLength is not { } offset)
        {
            var binary = inputs.FirstOrDefault(i => i.IsBinary);
            return binary is null
                ? inputs
                : throw RequestErrors.Invalid($"Input '{binary.Name}' has parameters.binary_data_size but the request has no {InferenceRequestBody.HeaderLengthHeader} header.");
        }

        var placed = new List<RequestInput>(inputs.Count);
        long position = offset;
        foreach (var input in inputs)
        {
            if (!input.IsBinary)
            {
                placed.Add(input);
                continue;
            }

            if (position + input.DataLength > bodyLength)
            {
                throw RequestErrors.Invalid($"Input '{input.Name}': binary_data_size {input.DataLength} runs past the end of the body ({bodyLength - position} bytes left).");
            }

            placed.Add(input with { DataStart = (int)position });
            position += input.DataLength;
        }

        return position == bodyLength
            ? placed
            : throw RequestErrors.Invalid($"The body has {bodyLength - position} bytes after the JSON object that no input's binary_data_size accounts for.");
    }
}
