import { useState } from 'react';
import type { InputHTMLAttributes, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange' | 'value'> & {
  id: string;
  value: string;
  onValueChange(value: string): void;
};

/**
 * A password input that says when Caps Lock is on, the commonest reason a correct passphrase is
 * refused (with the keyboard layout: the passphrase is typed in the layout it was set in).
 */
export function PassphraseInput({ id, value, onValueChange, ...rest }: Props) {
  const { t } = useTranslation();
  const [capsLock, setCapsLock] = useState(false);
  const track = (e: KeyboardEvent<HTMLInputElement>) => setCapsLock(e.getModifierState('CapsLock'));
  return (
    <>
      <input
        {...rest}
        id={id}
        type="password"
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        onChange={(e) => onValueChange(e.target.value)}
        onKeyDown={track}
        onKeyUp={track}
        onBlur={() => setCapsLock(false)}
      />
      {capsLock && (
        <p className="caps-warning" role="status">
          {t('passphrase.capsLock')}
        </p>
      )}
    </>
  );
}
