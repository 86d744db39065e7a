using System.Buffers.Binary;
using System.Text;

namespace Community.Core.Search;

/// <summary>What a hit shows, decoded from <see cref="LuceneSearchIndex.HitField"/>.</summary>
internal readonly record struct StoredHit(
    string Key,
    SearchDocumentType Type,
    string Title,
    string Url,
    string Body,
    bool BodyCut,
    int? PilotId,
    string? PilotTitle,
    string[] Municipalities,
    long UpdatedTicks);

/// <summary>
/// The bytes of <see cref="LuceneSearchIndex.HitField"/>: everything a hit needs, uncompressed, so loading one is a
/// copy out of a memory-mapped file. Lucene refuses a doc value over 32,766 bytes, so the body is kept only as far as
/// <see cref="Snippets"/> can use it, and less when the rest does not fit (a snippet then comes from that part).
/// </summary>
internal static class HitCodec
{
    private const byte Version = 1;
    private const int MaxBytes = 32_766;
    // Kept for the body whatever the small fields hold; they are cut first (only absurdly long ones are).
    private const int BodyReserve = 12_000;

    // A rebuild encodes a document per worker thread at a time; a fresh 32 KB buffer each would be zeroed for nothing.
    [ThreadStatic]
    private static byte[]? _buffer;

    public static byte[] Encode(SearchDocument source)
    {
        var buffer = _buffer ??= new byte[MaxBytes];
        var at = 0;
        buffer[at++] = Version;
        buffer[at++] = (byte)source.Type;
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(at), source.Updated.UtcTicks);
        at += 8;
        WriteVarint(buffer, ref at, source.PilotId is { } pilot ? (uint)pilot + 1 : 0);
        var budget = MaxBytes - BodyReserve;
        WriteString(buffer, ref at, source.Key, budget);
        WriteString(buffer, ref at, source.Title, budget);
        WriteString(buffer, ref at, source.Url, budget);
        if (source.PilotTitle is null)
            buffer[at++] = 0;
        else
        {
            buffer[at++] = 1;
            WriteString(buffer, ref at, source.PilotTitle, budget);
        }
        var municipalities = source.Municipalities.Distinct().ToList();
        var countAt = at;
        WriteVarint(buffer, ref at, (uint)Math.Min(municipalities.Count, 127));
        var written = 0;
        foreach (var municipality in municipalities.Take(127))
        {
            if (at + 8 + Encoding.UTF8.GetMaxByteCount(Math.Min(municipality.Length, 256)) > budget)
                break;
            WriteString(buffer, ref at, municipality, budget);
            written++;
        }
        buffer[countAt] = (byte)written;

        var body = source.Body.AsSpan(0, Math.Min(source.Body.Length, Snippets.MaxCharsUsed));
        var room = MaxBytes - at - 1 - 5;
        if (Encoding.UTF8.GetByteCount(body) > room)
            body = WholeChars(body[..Math.Min(body.Length, room / 3)]);
        buffer[at++] = body.Length < source.Body.Length ? (byte)1 : (byte)0;
        var length = Encoding.UTF8.GetBytes(body, buffer.AsSpan(at + 5));
        // The length first, then the bytes: written after them so the body is encoded once.
        var lengthAt = at;
        WriteVarint(buffer, ref at, (uint)length);
        buffer.AsSpan(lengthAt + 5, length).CopyTo(buffer.AsSpan(at));
        at += length;
        return buffer.AsSpan(0, at).ToArray();
    }

    public static StoredHit Decode(ReadOnlySpan<byte> bytes)
    {
        var at = 1;
        var type = (SearchDocumentType)bytes[at++];
        var updated = BinaryPrimitives.ReadInt64LittleEndian(bytes[at..]);
        at += 8;
        var pilot = ReadVarint(bytes, ref at);
        var key = ReadString(bytes, ref at);
        var title = ReadString(bytes, ref at);
        var url = ReadString(bytes, ref at);
        var pilotTitle = bytes[at++] == 1 ? ReadString(bytes, ref at) : null;
        var municipalities = new string[ReadVarint(bytes, ref at)];
        for (var i = 0; i < municipalities.Length; i++)
            municipalities[i] = ReadString(bytes, ref at);
        var cut = bytes[at++] == 1;
        var body = ReadString(bytes, ref at);
        return new StoredHit(key, type, title, url, body, cut, pilot == 0 ? null : (int)(pilot - 1), pilotTitle, municipalities, updated);
    }

    private static void WriteString(byte[] buffer, ref int at, string value, int budget)
    {
        var text = value.AsSpan();
        var room = budget - at - 5;
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > room && Encoding.UTF8.GetByteCount(text) > room)
            text = WholeChars(text[..Math.Max(0, Math.Min(text.Length, room / 3))]);
        var length = Encoding.UTF8.GetByteCount(text);
        WriteVarint(buffer, ref at, (uint)length);
        at += Encoding.UTF8.GetBytes(text, buffer.AsSpan(at));
    }

    private static string ReadString(ReadOnlySpan<byte> bytes, ref int at)
    {
        var length = (int)ReadVarint(bytes, ref at);
        var value = length == 0 ? "" : Encoding.UTF8.GetString(bytes.Slice(at, length));
        at += length;
        return value;
    }

    private static ReadOnlySpan<char> WholeChars(ReadOnlySpan<char> text) =>
        text.Length > 0 && char.IsHighSurrogate(text[^1]) ? text[..^1] : text;

    private static void WriteVarint(byte[] buffer, ref int at, uint value)
    {
        while (value >= 0x80)
        {
            buffer[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[at++] = (byte)value;
    }

    private static uint ReadVarint(ReadOnlySpan<byte> bytes, ref int at)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[at++];
            value |= (uint)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }
    }
}
