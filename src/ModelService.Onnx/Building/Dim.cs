namespace ModelService.Onnx.Building;

/// <summary>One dimension of a declared tensor shape: a fixed size or a symbolic name such as "batch".</summary>
public readonly record struct Dim
{
    private Dim(long? size, string? symbol)
    {
        Size = size;
        Symbol = symbol;
    }

    public long? Size { get; }

    public string? Symbol { get; }

    public static Dim Fixed(long size) => size >= 0
        ? new Dim(size, null)
        : throw new ArgumentOutOfRangeException(nameof(size), size, "A fixed dimension cannot be negative.");

    public static Dim Symbolic(string symbol) => string.IsNullOrWhiteSpace(symbol)
        ? throw new ArgumentException("A symbolic dimension needs a name.", nameof(symbol))
        : new Dim(null, symbol);

    public static implicit operator Dim(long size) => Fixed(size);

    public static implicit operator Dim(int size) => Fixed(size);

    public static implicit operator Dim(string symbol) => Symbolic(symbol);

    public override string ToString() => Symbol ?? Size!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
