using System.Text.Json;

namespace ModelService.Core.Inference.V2;

/// <summary>Turns the JSON value under the reader into one tensor element, or returns false when it does not fit.</summary>
internal delegate bool ElementParser<T>(ref Utf8JsonReader reader, out T value);
