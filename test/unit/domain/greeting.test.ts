// The greeting a company's people get when they open the bot.
import { companyParts, greetingParts } from '../../../domain/greeting';
import { renderParts } from '../../../domain/messages';

describe('The greeting', () => {
  test('When someone not registered belongs to two companies and administers one, then both languages list them, the commands and the IIN offer', () => {
    // Arrange
    const companies = [{ name: 'Acme', pendingDecisions: null }, { name: 'Beta', pendingDecisions: 3 }];

    // Act
    const text = renderParts(greetingParts('Aida', companies), ['zh', 'en']);

    // Assert
    const [chinese, english] = [text.slice(0, text.indexOf('👋 Hello')), text.slice(text.indexOf('👋 Hello'))];
    expect(chinese).toContain('👋 您好，Aida！');
    expect(chinese).toContain('🏢 Beta（管理员）：待您审批的申请：3');
    expect(english).toContain('🏢 Acme\n');
    expect(english).toContain('🏢 Beta (admin): requests waiting for your decision: 3');
    for (const command of ['/month', '/advance', '/leave', '/fix']) expect(english).toContain(command);
    expect(english.trim().split('\n').at(-1)).toContain('Send your 12-digit IIN to register (optional)');
  });

  test('When the companies follow a registered person\'s menu, then they carry no IIN offer', () => {
    const text = renderParts(companyParts([{ name: 'Acme', pendingDecisions: 0 }]), ['ru', 'kk']);

    expect(text).toContain('🏢 Acme (администратор): заявок ждут вашего решения: 0');
    expect(text).not.toContain('ИИН');
    expect(text).not.toContain('ЖСН');
  });
});
