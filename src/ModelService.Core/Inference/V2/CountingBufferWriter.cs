using System.Buffers;

namespace ModelService.Core.Inference.V2;

/// <summary>An <see cref="IBufferWriter{T}"/> that keeps nothing and counts what is written: sizes a response before it is sent.</summary>
internal sealed class CountingBufferWriter : IBufferWriter<byte>
{
    private byte[] _scratch = new byte[4096];

    public long Count { get; private set; }

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

    private byte[] Scratch(int sizeHint)
    {
        if (sizeHint > _scratch.Length)
        {
            _scratch = new byte[sizeHint];
        }

        return _scratch;
    }
}
