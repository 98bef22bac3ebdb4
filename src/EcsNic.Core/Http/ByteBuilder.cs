using System;
using System.Buffers;
using System.Text;

namespace EcsNic.Core.Http;

/// <summary>A growable byte buffer over pooled arrays, used to build canonical requests without intermediate strings.</summary>
internal struct ByteBuilder
{
    private byte[] _buffer;
    private int _length;

    public ByteBuilder(int capacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        _length = 0;
    }

    public readonly int Length => _length;
    public readonly byte[] Buffer => _buffer;

    public void Clear() => _length = 0;

    public void Append(byte b)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = b;
    }

    public void AppendAscii(string s) => AppendAscii(s, 0, s.Length);

    public void AppendAscii(string s, int start, int count)
    {
        EnsureRoom(count);
        for (var i = 0; i < count; i++) _buffer[_length + i] = (byte)s[start + i];
        _length += count;
    }

    public void AppendLowerAscii(string s)
    {
        EnsureRoom(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            _buffer[_length + i] = (byte)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        _length += s.Length;
    }

    public void AppendUtf8(string s, int start, int count)
    {
        if (count == 0) return;
        EnsureRoom(Encoding.UTF8.GetMaxByteCount(count));
        _length += Encoding.UTF8.GetBytes(s, start, count, _buffer, _length);
    }

    public void AppendBytes(byte[] source, int start, int count)
    {
        EnsureRoom(count);
        System.Buffer.BlockCopy(source, start, _buffer, _length, count);
        _length += count;
    }

    public void AppendLowerHex(byte[] bytes)
    {
        EnsureRoom(bytes.Length * 2);
        foreach (var b in bytes)
        {
            _buffer[_length++] = HexDigit(b >> 4);
            _buffer[_length++] = HexDigit(b & 0xF);
        }
    }

    public readonly string ToUtf8String() => Encoding.UTF8.GetString(_buffer, 0, _length);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = Array.Empty<byte>();
        _length = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

    private void EnsureRoom(int count)
    {
        if (_length + count > _buffer.Length) Grow(count);
    }

    private void Grow(int needed)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + needed));
        System.Buffer.BlockCopy(_buffer, 0, next, 0, _length);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
