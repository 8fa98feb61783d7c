using System.Security.Cryptography;

namespace Headroom.Adapter.Tls;

/// <summary>What a watched certificate file holds now, to tell a change from none.</summary>
public static class FileStamp
{
    /// <summary>
    /// A hash of the files' content, not their timestamps: a mounted Secret or ConfigMap is swapped through symlinks
    /// whose own times never change.
    /// </summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static string Of(params string[] files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files) hash.AppendData(File.ReadAllBytes(file));
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
