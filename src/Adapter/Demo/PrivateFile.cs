namespace Headroom.Adapter.Demo;

/// <summary>
/// Writes a file that holds a credential so that only its owner ever sees it: in a directory no other user can
/// write to (or a sticky one, as /tmp is), created 0600 under a fresh name and renamed into place. Writing in
/// place would follow a symlink another user planted, and a chmod after the write leaves a window when it is readable.
/// </summary>
public static class PrivateFile
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Why the file's directory is unsafe to write a credential into, or null when it is safe (creating it, owner-only, if missing).</summary>
    public static string? PrepareDirectory(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return null;
        }
        Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        var mode = File.GetUnixFileMode(directory);
        var othersWrite = (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
        return othersWrite && (mode & UnixFileMode.StickyBit) == 0
            ? $"{directory} is writable by other users, who could swap the file written there; choose a private directory"
            : null;
    }

    /// <summary>Writes the text; call <see cref="PrepareDirectory"/> first.</summary>
    public static void Write(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        using (var writer = new StreamWriter(temporary, System.Text.Encoding.UTF8, options)) writer.Write(text);
        File.Move(temporary, full, overwrite: true);
    }
}
