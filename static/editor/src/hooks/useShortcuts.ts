/**
 * Keyboard shortcuts: Ctrl/Cmd+S saves (also in a text field); Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z
 * or Ctrl/Cmd+Y redoes, Ctrl/Cmd+C / V copy and paste steps (not while typing, not when read-only);
 * a bare T opens or closes the Test panel (not while typing; also in the read-only view).
 */
import { useEffect } from "react";

export interface Shortcuts {
  save: () => void;
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
  toggleTest?: () => void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useShortcuts(readOnly: boolean, { save, undo, redo, copy, paste, toggleTest }: Shortcuts) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod) {
        if (toggleTest && event.key.toLowerCase() === "t" && !event.altKey && !isTyping(event.target)) toggleTest();
        return;
      }
      const key = event.key.toLowerCase();
      if (key === "s") {
        event.preventDefault();
        save();
        return;
      }
      if (readOnly || isTyping(event.target)) return;
      if (key === "z" && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if ((key === "z" && event.shiftKey) || key === "y") {
        event.preventDefault();
        redo();
      } else if (key === "c") {
        copy();
      } else if (key === "v") {
        event.preventDefault();
        paste();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly, save, undo, redo, copy, paste, toggleTest]);
}
