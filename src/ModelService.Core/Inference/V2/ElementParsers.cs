using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// JSON to element conversions for every numeric v2 datatype. Integers must be integral and in range; floats
/// also accept the strings "NaN", "Infinity" and "-Infinity", since JSON numbers cannot carry them.
/// </summary>
internal static class ElementParsers
{
    public static readonly ElementParser<bool> Bool = static (ref Utf8JsonReader r, out bool value) =>
    {
        switch (r.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return true;
            case JsonTokenType.False:
                value = false;
                return true;
            default:
                var isBit = Integer(ref r, 0, 1, out var bit);
                value = bit == 1;
                return isBit;
        }
    };

    public static readonly ElementParser<sbyte> Int8 = static (ref Utf8JsonReader r, out sbyte v) => Narrow(Integer(ref r, sbyte.MinValue, sbyte.MaxValue, out var x), (sbyte)x, out v);
    public static readonly ElementParser<short> Int16 = static (ref Utf8JsonReader r, out short v) => Narrow(Integer(ref r, short.MinValue, short.MaxValue, out var x), (short)x, out v);
    public static readonly ElementParser<int> Int32 = static (ref Utf8JsonReader r, out int v) => Narrow(Integer(ref r, int.MinValue, int.MaxValue, out var x), (int)x, out v);
    public static readonly ElementParser<long> Int64 = static (ref Utf8JsonReader r, out long v) => Integer(ref r, long.MinValue, long.MaxValue, out v);
    public static readonly ElementParser<byte> UInt8 = static (ref Utf8JsonReader r, out byte v) => Narrow(Integer(ref r, 0, byte.MaxValue, out var x), (byte)x, out v);
    public static readonly ElementParser<ushort> UInt16 = static (ref Utf8JsonReader r, out ushort v) => Narrow(Integer(ref r, 0, ushort.MaxValue, out var x), (ushort)x, out v);
    public static readonly ElementParser<uint> UInt32 = static (ref Utf8JsonReader r, out uint v) => Narrow(Integer(ref r, 0, uint.MaxValue, out var x), (uint)x, out v);

    public static readonly ElementParser<ulong> UInt64 = static (ref Utf8JsonReader r, out ulong v) =>
    {
        v = 0;
        return r.TokenType == JsonTokenType.Number && r.TryGetUInt64(out v);
    };

    public static readonly ElementParser<double> Float64 = static (ref Utf8JsonReader r, out double v) => Floating(ref r, out v);
    public static readonly ElementParser<float> Float32 = static (ref Utf8JsonReader r, out float v) => Narrow(FloatingSingle(ref r, out var x), x, out v);
    public static readonly ElementParser<Float16> Float16 = static (ref Utf8JsonReader r, out Float16 v) =>
        Narrow(FloatingSingle(ref r, out var x) && (!float.IsFinite(x) || Math.Abs(x) <= MaxFloat16), (Float16)x, out v);
    public static readonly ElementParser<BFloat16> BFloat16 = static (ref Utf8JsonReader r, out BFloat16 v) => Narrow(FloatingSingle(ref r, out var x), (BFloat16)x, out v);

    private const float MaxFloat16 = 65504f;

    private static bool Integer(ref Utf8JsonReader reader, long min, long max, out long value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value) && value >= min && value <= max;
    }

    private static bool FloatingSingle(ref Utf8JsonReader reader, out float value)
    {
        var parsed = Floating(ref reader, out var wide);
        value = (float)wide;
        return parsed && (float.IsFinite(value) || !double.IsFinite(wide));
    }

    private static bool Floating(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetDouble(out value) && double.IsFinite(value),
            JsonTokenType.String => TryParseNonFinite(reader.ValueSpan, out value),
            _ => false,
        };
    }

    private static bool TryParseNonFinite(ReadOnlySpan<byte> text, out double value)
    {
        value = text switch
        {
            _ when text.SequenceEqual("NaN"u8) || text.SequenceEqual("nan"u8) => double.NaN,
            _ when text.SequenceEqual("Infinity"u8) || text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8) => double.PositiveInfinity,
            _ when text.SequenceEqual("-Infinity"u8) || text.SequenceEqual("-inf"u8) => double.NegativeInfinity,
            _ => 0,
        };
        return value != 0;
    }

    private static bool Narrow<T>(bool parsed, T narrowed, out T value)
    {
        value = parsed ? narrowed : default!;
        return parsed;
    }
}
