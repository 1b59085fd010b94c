import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AuthController } from './auth.controller';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginLockService } from './login-lock.service';
import { SessionsService } from './sessions.service';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

/**
 * Staff users, passwords, sessions (JWT access token + rotating refresh tokens) and roles.
 * AppModule registers `AuthGuard` as the global guard.
 */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, UsersService, SessionsService, LoginLockService, JwtStrategy, AuthResolver, UsersResolver],
  controllers: [AuthController],
  exports: [AuthService, UsersService],
})
export class AuthModule {}
