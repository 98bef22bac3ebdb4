using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace EcsNic.Core.Auth;

/// <summary>Converts a <see cref="SecureString"/> to UTF-8 bytes without creating a managed string.</summary>
public static class SecureStringBytes
{
    /// <summary>Returns the UTF-8 bytes of the secure string; the caller should clear the array when done.</summary>
    public static byte[] ToUtf8(SecureString value)
    {
        if (value is null) throw new ArgumentNullException(nameof(value));
        var length = value.Length;
        var chars = new char[length];
        var ptr = IntPtr.Zero;
        try
        {
            ptr = Marshal.SecureStringToGlobalAllocUnicode(value);
            Marshal.Copy(ptr, chars, 0, length);
            return Encoding.UTF8.GetBytes(chars);
        }
        finally
        {
            if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            Array.Clear(chars, 0, chars.Length);
        }
    }
}
