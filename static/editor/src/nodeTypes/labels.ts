/** A node type's name and palette hint in the page's language (the catalogue's `node.<type>`), the
 * module's English text when the catalogue lacks it. Kept apart from the node modules so that every
 * type, however its module is written, shows translated on the palette, the cards and the panel. */
import { t } from "../i18n";
import type { NodeKind } from "./kind";

export const typeLabel = (type: string, fallback: string): string => t(`node.${type}.label`, { defaultValue: fallback });
export const kindLabel = (kind: NodeKind): string => typeLabel(kind.type, kind.label);
export const kindHint = (kind: NodeKind): string => t(`node.${kind.type}.hint`, { defaultValue: kind.hint });
